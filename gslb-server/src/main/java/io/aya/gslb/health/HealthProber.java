package io.aya.gslb.health;

import io.aya.gslb.zone.CheckSpec;
import io.aya.gslb.zone.CheckType;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Runs single probes (TCP connect, HTTP/HTTPS GET) without blocking, on a small Netty event loop group: no
 * thread per check, so thousands of endpoints share a couple of threads. Every probe has a hard deadline
 * (connect, TLS handshake and response together) enforced by a timer on the channel's event loop.
 *
 * <p>HTTPS probes do <b>not</b> verify the server certificate ({@link InsecureTrustManagerFactory}): a health
 * check asks "does this server answer", not "is it who it claims to be"; backends often use internal or
 * self-signed certificates, and the probe sends no secret. SNI carries the check's {@code host=} when set.
 *
 * <p>Responses are read up to {@link #MAX_RESPONSE_BYTES}; a larger one fails the probe. Load probe URLs
 * with a host name are resolved by Netty's default resolver (the JDK's, blocking the event loop for the
 * lookup): prefer IP literals or names from {@code /etc/hosts} in {@code $LOAD} URLs.
 *
 * <p>Thread-safe.
 */
final class HealthProber implements AutoCloseable {
  static final String USER_AGENT = "AYA-GSLB/0.1 health-check";
  static final int MAX_RESPONSE_BYTES = 64 * 1024;

  private final EventLoopGroup group;
  private final SslContext ssl;

  HealthProber(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads: " + threads + " (expected: >= 1)");
    }
    try {
      this.ssl = SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot create the TLS client context for HTTPS checks", e);
    }
    this.group =
        new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("aya-health", true), NioIoHandler.newFactory());
  }

  /** An event loop to run one endpoint's schedule and probes on (so they never overlap across threads). */
  EventLoop nextLoop() {
    return group.next();
  }

  /** Probes {@code address} as {@code spec} says; the future never fails (failures are results). */
  Future<CheckResult> check(EventLoop loop, InetAddress address, CheckSpec spec) {
    Promise<CheckResult> result = loop.newPromise();
    long start = System.nanoTime();
    InetSocketAddress target = new InetSocketAddress(address, spec.port());
    if (spec.type() == CheckType.TCP) {
      Promise<Void> connected = loop.newPromise();
      connect(loop, target, null, spec.timeout(), connected, null);
      connected.addListener(
          f -> result.setSuccess(f.isSuccess()
              ? new CheckResult(true, "TCP connect ok", System.nanoTime() - start)
              : new CheckResult(false, describe(f.cause(), spec.timeout()), System.nanoTime() - start)));
      return result;
    }
    boolean tls = spec.type() == CheckType.HTTPS;
    String host = spec.host() != null ? spec.host() : hostHeader(address, spec.port(), tls);
    Future<HttpReply> reply = get(loop, target, tls, host, spec.path() == null ? "/" : spec.path(), spec.timeout());
    reply.addListener(f -> {
      long took = System.nanoTime() - start;
      result.setSuccess(f.isSuccess()
          ? judge((HttpReply) f.getNow(), spec, took)
          : new CheckResult(false, describe(f.cause(), spec.timeout()), took));
    });
    return result;
  }

  private static CheckResult judge(HttpReply reply, CheckSpec spec, long took) {
    if (reply.status() != spec.expectStatus()) {
      return new CheckResult(false, "HTTP " + reply.status() + " (expected " + spec.expectStatus() + ")", took);
    }
    if (spec.expectBody() != null && !reply.body().contains(spec.expectBody())) {
      return new CheckResult(false, "HTTP " + reply.status() + ", body lacks '" + spec.expectBody() + "'", took);
    }
    return new CheckResult(true, "HTTP " + reply.status(), took);
  }

  /**
   * One {@code GET path} to {@code target} with {@code Host: host}; fails with the cause on any error or
   * when {@code timeout} passes first. {@code target} may be unresolved (see the class comment).
   */
  Future<HttpReply> get(EventLoop loop, InetSocketAddress target, boolean tls, String host, String path,
      Duration timeout) {
    Promise<HttpReply> reply = loop.newPromise();
    FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
    request.headers()
        .set(HttpHeaderNames.HOST, host)
        .set(HttpHeaderNames.USER_AGENT, USER_AGENT)
        .set(HttpHeaderNames.ACCEPT, "*/*")
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    String sniHost = sniHost(host);
    ChannelInitializer<SocketChannel> init = new ChannelInitializer<>() {
      @Override
      protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        if (tls) {
          p.addLast(sniHost == null ? ssl.newHandler(ch.alloc()) : ssl.newHandler(ch.alloc(), sniHost, target.getPort()));
        }
        p.addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_RESPONSE_BYTES), new ReplyHandler(request, reply));
      }
    };
    connect(loop, target, init, timeout, null, reply);
    reply.addListener(f -> {
      if (request.refCnt() > 0) {
        request.release();
      }
    });
    return reply;
  }

  /**
   * Connects with a deadline. With {@code connected} (TCP check) the channel is closed as soon as the
   * connection is up; with {@code done} (HTTP) the pipeline's handler completes it and the deadline fails it.
   */
  private void connect(EventLoop loop, SocketAddress target, ChannelInitializer<SocketChannel> init,
      Duration timeout, Promise<Void> connected, Promise<?> done) {
    long millis = Math.max(1, timeout.toMillis());
    Bootstrap b = new Bootstrap()
        .group(loop)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, millis))
        .option(ChannelOption.SO_LINGER, 0)
        .handler(init != null ? init : new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {}
        });
    Promise<?> outcome = connected != null ? connected : done;
    ChannelFuture cf = b.connect(target);
    Channel ch = cf.channel();
    ScheduledFuture<?> deadline = loop.schedule(() -> {
      if (outcome.tryFailure(new TimeoutException("timeout after " + millis + " ms"))) {
        ch.close();
      }
    }, millis, TimeUnit.MILLISECONDS);
    outcome.addListener(f -> deadline.cancel(false));
    cf.addListener((ChannelFuture f) -> {
      if (!f.isSuccess()) {
        outcome.tryFailure(f.cause());
      } else if (connected != null) {
        connected.trySuccess(null);
        f.channel().close();
      }
    });
    if (done != null) {
      done.addListener(f -> ch.close());
    }
  }

  private static String hostHeader(InetAddress address, int port, boolean tls) {
    String literal = NetUtil.toAddressString(address);
    if (literal.indexOf(':') >= 0) {
      literal = "[" + literal + "]";
    }
    int defaultPort = tls ? 443 : 80;
    return port == defaultPort ? literal : literal + ":" + port;
  }

  /** The host name for SNI, or null for IP literals (SNI must not carry an address, RFC 6066 §3). */
  private static String sniHost(String hostHeader) {
    String h = hostHeader;
    if (h.startsWith("[")) {
      return null;
    }
    int colon = h.lastIndexOf(':');
    if (colon >= 0) {
      h = h.substring(0, colon);
    }
    return NetUtil.isValidIpV4Address(h) || NetUtil.isValidIpV6Address(h) ? null : h;
  }

  /** A short, stable description of a failure for observations and the admin API. */
  static String describe(Throwable cause, Duration timeout) {
    if (cause instanceof TimeoutException || cause instanceof io.netty.channel.ConnectTimeoutException) {
      return "timeout after " + timeout.toMillis() + " ms";
    }
    if (cause instanceof ConnectException) {
      return "connection refused";
    }
    if (cause instanceof TooLongFrameException) {
      return "response larger than " + MAX_RESPONSE_BYTES + " bytes";
    }
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root instanceof javax.net.ssl.SSLException || cause instanceof javax.net.ssl.SSLException) {
      return "TLS: " + root.getMessage();
    }
    String msg = cause.getMessage();
    return msg == null ? cause.getClass().getSimpleName() : msg;
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Sends the request once connected, completes the promise with the aggregated response. */
  private static final class ReplyHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
    private final FullHttpRequest request;
    private final Promise<HttpReply> reply;

    ReplyHandler(FullHttpRequest request, Promise<HttpReply> reply) {
      this.request = request;
      this.reply = reply;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      if (reply.isDone()) {
        ctx.close();
        return;
      }
      // SslHandler queues the write until the handshake is done.
      ctx.writeAndFlush(request.retain());
      ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse msg) {
      reply.trySuccess(new HttpReply(msg.status().code(), msg.content().toString(StandardCharsets.UTF_8)));
      ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      reply.tryFailure(new java.io.IOException("connection closed before a complete response"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      reply.tryFailure(cause);
      ctx.close();
    }
  }
}
