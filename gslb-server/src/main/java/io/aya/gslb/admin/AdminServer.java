package io.aya.gslb.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.Attribute;
import io.netty.util.AttributeKey;
import io.aya.gslb.config.HostPort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP server: JSON API, Prometheus metrics. Binds where configured (loopback by default).
 * Requests that change state need {@code Authorization: Bearer <token>} ({@link RouteTable}); every refusal is a
 * JSON body {@code {"status": N, "error": "..."}}. Routes run on a small worker pool, never on the DNS event
 * loops, one request of a connection after the other.
 * Thread-safe.
 */
public final class AdminServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AdminServer.class);
  private static final int MAX_BODY = 1 << 20;
  private static final AttributeKey<CompletableFuture<Void>> PENDING = AttributeKey.valueOf("aya.admin.pending");
  private static final long PIPELINE_LOG_INTERVAL_NANOS = 10_000_000_000L;
  /**
   * Requests decoded but not yet answered that the codec tracks; reading pauses at {@link #PAUSE_READING}, so
   * only what one read already holds (at most ~3,600 minimal requests in 64 KiB) can come on top.
   */
  private static final int MAX_PIPELINE_DEPTH = 8192;
  private static final int PAUSE_READING = 256;

  private final RouteTable routes;
  private final AdminHttpWriter http;
  private final EventLoopGroup group;
  private final ExecutorService workers;
  private final Channel channel;
  private final AdminLimits limits;
  private volatile long lastPipelineWarning = System.nanoTime() - PIPELINE_LOG_INTERVAL_NANOS;

  private AdminServer(InetSocketAddress listen, List<Route> routes, String token, ObjectMapper json,
      AdminLimits limits) throws InterruptedException {
    this.limits = limits;
    this.routes = new RouteTable(routes, token);
    this.http = new AdminHttpWriter(json);
    this.group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    this.workers = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "aya-admin");
      t.setDaemon(true);
      return t;
    });
    Dispatcher dispatcher = new Dispatcher();
    AdminConnections connections = new AdminConnections(limits);
    ServerBootstrap b = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline()
                .addLast(new ReadTimeoutHandler(30))
                .addLast(new HttpServerCodec(new HttpDecoderConfig(), MAX_PIPELINE_DEPTH))
                .addLast(new BodyLimit())
                .addLast(connections)
                .addLast(dispatcher);
          }
        });
    ChannelFuture bound;
    try {
      bound = b.bind(listen).await();
    } catch (InterruptedException e) {
      shutdown();
      throw e;
    }
    if (!bound.isSuccess()) {
      // Netty fails the future with the checked BindException; report it as the documented unchecked one
      shutdown();
      Throwable cause = bound.cause();
      String msg = "admin: cannot listen on " + HostPort.format(listen) + ": " + cause.getMessage();
      throw cause instanceof IOException io ? new UncheckedIOException(msg, io) : new IllegalStateException(msg, cause);
    }
    this.channel = bound.channel();
  }

  private void shutdown() {
    group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
    workers.shutdownNow();
  }

  /**
   * Binds the admin API; routes come from {@link AdminApi}.
   *
   * @throws UncheckedIOException when the address cannot be bound (in use, not local); nothing is left running
   */
  public static AdminServer start(InetSocketAddress listen, AdminApi api, String token) throws InterruptedException {
    return start(listen, api, token, AdminLimits.DEFAULTS);
  }

  /** As {@link #start(InetSocketAddress, AdminApi, String)} with the given connection and request limits. */
  public static AdminServer start(InetSocketAddress listen, AdminApi api, String token, AdminLimits limits)
      throws InterruptedException {
    return new AdminServer(listen, api.routes(), token, api.mapper(), limits);
  }

  public InetSocketAddress localAddress() {
    return (InetSocketAddress) channel.localAddress();
  }

  @Override
  public void close() {
    channel.close().awaitUninterruptibly();
    // Netty's default quiet period (2 s) would add that much to every node stop; the listener is closed already
    group.shutdownGracefully(100, 2000, TimeUnit.MILLISECONDS).awaitUninterruptibly();
    workers.shutdownNow();
  }

  /**
   * Aggregates a request up to {@link #MAX_BODY}; a larger one gets the API's JSON 413 (Netty's own answer has
   * no body) and the connection is closed, since the rest of the body may still be arriving.
   */
  private final class BodyLimit extends HttpObjectAggregator {
    BodyLimit() {
      super(MAX_BODY);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
      http.send(ctx, tooLarge(), false);
    }

    /** {@code Expect: 100-continue} with a Content-Length over the limit: refuse before the body is sent. */
    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
      Object r = super.newContinueResponse(start, maxContentLength, pipeline);
      if (r instanceof FullHttpResponse f && f.status().code() == 413) {
        f.release();
        FullHttpResponse resp = http.toHttp(tooLarge());
        resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return resp;
      }
      return r;
    }
  }

  @Sharable
  private final class Dispatcher extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      boolean keepAlive = HttpUtil.isKeepAlive(req);
      if (!req.decoderResult().isSuccess()) {
        inOrder(ctx, null, () -> http.send(ctx, AdminResponse.error(400, "malformed HTTP request"), false));
        return;
      }
      AdminConnections.Connection c = ctx.channel().attr(AdminConnections.STATE).get();
      if (c == null) {
        return;
      }
      if (c.overflowing || c.inFlight.get() >= limits.maxPipelined()) {
        // RFC 9112 §9.3.2 lets a server close instead; answering every request says exactly what did not run
        if (!c.overflowing) {
          c.overflowing = true;
          warnPipelined(ctx);
        }
        queued(ctx, c);
        inOrder(ctx, c, () -> http.send(ctx, AdminResponse.error(503,
            "too many pipelined requests, this one was not executed (expected: at most " + limits.maxPipelined()
                + " in flight per connection)")
            .withHeader(HttpHeaderNames.RETRY_AFTER.toString(), "1"), keepAlive));
        return;
      }
      AdminRequest request = toRequest(req);
      queued(ctx, c);
      boolean head = "HEAD".equals(request.method());
      inOrder(ctx, c, () -> http.send(ctx, routes.dispatch(request), keepAlive, head));
    }

    /** Counts a request in; reading pauses while too many answers are owed, and resumes once they are sent. */
    private void queued(ChannelHandlerContext ctx, AdminConnections.Connection c) {
      if (c.inFlight.incrementAndGet() >= PAUSE_READING) {
        ctx.channel().config().setAutoRead(false);
      }
    }

    private void warnPipelined(ChannelHandlerContext ctx) {
      long now = System.nanoTime();
      if (now - lastPipelineWarning >= PIPELINE_LOG_INTERVAL_NANOS) {
        lastPipelineWarning = now;
        log.warn("admin client {} pipelined more than {} requests: answering the rest 503 without executing them"
            + " (logged at most every 10 s)", ctx.channel().remoteAddress(), limits.maxPipelined());
      }
    }

    /**
     * Runs a request on the worker pool after the previous one of the same connection, so that pipelined
     * requests are answered in order (RFC 9112 §9.3.2). Called on the connection's event loop only.
     */
    private void inOrder(ChannelHandlerContext ctx, AdminConnections.Connection c, Runnable task) {
      Runnable counted = c == null ? task : () -> {
        try {
          task.run();
        } finally {
          if (c.inFlight.decrementAndGet() == 0) {
            // every answer owed is sent: requests run again and reading resumes
            c.overflowing = false;
            if (!ctx.channel().config().isAutoRead()) {
              ctx.channel().config().setAutoRead(true);
            }
          }
        }
      };
      Attribute<CompletableFuture<Void>> last = ctx.channel().attr(PENDING);
      CompletableFuture<Void> previous = last.get();
      CompletableFuture<Void> next = previous == null
          ? CompletableFuture.runAsync(counted, workers)
          : previous.handle((ok, failed) -> null).thenRunAsync(counted, workers);
      last.set(next);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (cause instanceof TooLongFrameException) {
        http.send(ctx, tooLarge(), false);
      } else {
        log.debug("admin connection error", cause);
        ctx.close();
      }
    }
  }

  private static AdminRequest toRequest(FullHttpRequest req) {
    QueryStringDecoder qs = new QueryStringDecoder(req.uri());
    byte[] body = ByteBufUtil.getBytes(req.content());
    return new AdminRequest(req.method().name(), qs.rawPath(), qs.parameters(), Map.of(),
        req.headers().get(HttpHeaderNames.AUTHORIZATION), body);
  }

  private static AdminResponse tooLarge() {
    return AdminResponse.error(413, "request body too large (expected: at most " + MAX_BODY + " bytes)");
  }
}
