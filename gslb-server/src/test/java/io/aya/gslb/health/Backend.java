package io.aya.gslb.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import javax.net.ssl.SSLContext;

/**
 * A real HTTP(S) backend on 127.0.0.1, port 0. The response is chosen per request by a function of the
 * request's sequence number (0, 1, 2...), so tests can script exact sequences (e.g. alternate 200/503).
 */
final class Backend implements AutoCloseable {
  record Response(int status, String body) {}

  record Request(String path, String host, String userAgent, int status) {}

  private final HttpServer server;
  private final AtomicInteger count = new AtomicInteger();
  final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile IntFunction<Response> responder;

  private Backend(HttpServer server, IntFunction<Response> responder) {
    this.server = server;
    this.responder = responder;
    server.createContext("/", this::handle);
    server.start();
  }

  static Backend http(IntFunction<Response> responder) throws IOException {
    return new Backend(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50), responder);
  }

  static Backend https(SSLContext tls, IntFunction<Response> responder) throws IOException {
    HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    s.setHttpsConfigurator(new HttpsConfigurator(tls));
    return new Backend(s, responder);
  }

  static Backend fixed(int status, String body) throws IOException {
    return http(n -> new Response(status, body));
  }

  void respond(IntFunction<Response> r) {
    responder = r;
  }

  void respond(int status, String body) {
    responder = n -> new Response(status, body);
  }

  int port() {
    return server.getAddress().getPort();
  }

  int requestCount() {
    return count.get();
  }

  /** Number of requests answered with {@code status} since request number {@code from}. */
  long answeredSince(int from, int status) {
    return requests.stream().skip(from).filter(r -> r.status() == status).count();
  }

  private void handle(HttpExchange ex) throws IOException {
    Response r = responder.apply(count.get());
    byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
    requests.add(new Request(ex.getRequestURI().toString(), ex.getRequestHeaders().getFirst("Host"),
        ex.getRequestHeaders().getFirst("User-Agent"), r.status()));
    count.incrementAndGet();
    ex.sendResponseHeaders(r.status(), body.length == 0 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
