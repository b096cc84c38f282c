package io.aya.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** A real HTTP backend answering {@code GET /healthz} with 200, bound to one loopback address. */
final class Backend implements AutoCloseable {
  private final String host;
  private final int port;
  private HttpServer server;

  Backend(String host, int port) {
    this.host = host;
    this.port = port;
  }

  Backend start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(host, port), 16);
    server.createContext("/healthz", ex -> {
      byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    return this;
  }

  void stop() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
  }

  @Override
  public void close() {
    stop();
  }
}
