package io.aya.gslb.node;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/**
 * A real HTTP health-check backend on one address and port: answers every path with the status that
 * {@code statusOfRequest} gives for the n-th request (1-based), counts requests, can be stopped (connection
 * refused) and started again on the same address.
 */
final class HttpBackend implements AutoCloseable {
  private final InetSocketAddress address;
  private final AtomicInteger requests = new AtomicInteger();
  private volatile IntUnaryOperator statusOfRequest = n -> 200;
  private HttpServer server;

  HttpBackend(String host, int port) {
    this.address = new InetSocketAddress(host, port);
  }

  /** Always 200. */
  HttpBackend healthy() {
    statusOfRequest = n -> 200;
    return this;
  }

  /** 200, 500, 200, 500, ... by request. */
  HttpBackend flapping() {
    statusOfRequest = n -> n % 2 == 1 ? 200 : 500;
    return this;
  }

  synchronized HttpBackend start() {
    if (server != null) {
      return this;
    }
    try {
      HttpServer s = HttpServer.create(address, 16);
      s.createContext("/", ex -> {
        int status = statusOfRequest.applyAsInt(requests.incrementAndGet());
        byte[] body = (status == 200 ? "ok" : "failing").getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
          out.write(body);
        }
      });
      s.start();
      server = s;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind " + address, e);
    }
    return this;
  }

  synchronized void stop() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
  }

  int requests() {
    return requests.get();
  }

  @Override
  public void close() {
    stop();
  }

  /** A port free on both 127.0.0.1 and 127.0.0.2 right now (both loopback on Linux). */
  static int freePortOnBothLoopbacks() {
    for (int attempt = 0; attempt < 50; attempt++) {
      try (ServerSocket a = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
        int port = a.getLocalPort();
        try (ServerSocket b = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.2"))) {
          return port;
        } catch (IOException taken) {
          // try another
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new IllegalStateException("no port free on both 127.0.0.1 and 127.0.0.2");
  }
}
