package io.aya.gslb.admin;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admission and deadlines of admin connections ({@link AdminLimits}): at most {@code maxConnections} open (at
 * the limit the longest-idle connection without a request in progress is closed to admit the new one, else the
 * new one is closed), and every request must arrive whole within {@code requestTimeout} of the connection opening
 * or of the previous request (a connection with a request in progress is never cut). Sits after the HTTP
 * aggregator, so it sees whole requests. {@link Sharable}; thread-safe.
 */
@Sharable
final class AdminConnections extends ChannelInboundHandlerAdapter {
  static final AttributeKey<Connection> STATE = AttributeKey.valueOf("aya.admin.connection");
  private static final Logger log = LoggerFactory.getLogger(AdminConnections.class);
  private static final long LOG_INTERVAL_NANOS = 10_000_000_000L;

  private final AdminLimits limits;
  private final AtomicInteger open = new AtomicInteger();
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  private volatile long lastLog = System.nanoTime() - LOG_INTERVAL_NANOS;

  AdminConnections(AdminLimits limits) {
    this.limits = limits;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    Connection c = new Connection(ctx.channel());
    ctx.channel().attr(STATE).set(c);
    connections.add(c);
    if (open.incrementAndGet() > limits.maxConnections() && !evictIdle(c)) {
      warn("admin connections at the limit ({}) and every one busy: refusing a new connection from {}",
          ctx.channel().remoteAddress());
      ctx.close();
      return;
    }
    arm(ctx, c);
    super.channelActive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    Connection c = ctx.channel().attr(STATE).get();
    if (c != null) {
      c.lastRequestNanos = System.nanoTime();
      arm(ctx, c);
    }
    super.channelRead(ctx, msg);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    Connection c = ctx.channel().attr(STATE).getAndSet(null);
    if (c != null) {
      connections.remove(c);
      open.decrementAndGet();
      if (c.deadline != null) {
        c.deadline.cancel(false);
      }
    }
    super.channelInactive(ctx);
  }

  /** (Re)starts the deadline of the next request; on the connection's event loop. */
  private void arm(ChannelHandlerContext ctx, Connection c) {
    if (c.deadline != null) {
      c.deadline.cancel(false);
    }
    c.deadline = ctx.executor().schedule(() -> expire(ctx, c), limits.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
  }

  private void expire(ChannelHandlerContext ctx, Connection c) {
    if (c.inFlight.get() > 0) {
      arm(ctx, c);
      return;
    }
    ctx.close();
  }

  private boolean evictIdle(Connection newcomer) {
    Connection oldest = null;
    for (Connection c : connections) {
      if (c != newcomer && !c.evicted && c.inFlight.get() == 0
          && (oldest == null || c.lastRequestNanos - oldest.lastRequestNanos < 0)) {
        oldest = c;
      }
    }
    if (oldest == null) {
      return false;
    }
    oldest.evicted = true;
    oldest.channel.close();
    warn("admin connections at the limit ({}): closed the longest-idle one, {}", oldest.channel.remoteAddress());
    return true;
  }

  private void warn(String format, Object detail) {
    long now = System.nanoTime();
    if (now - lastLog >= LOG_INTERVAL_NANOS) {
      lastLog = now;
      log.warn(format + " (logged at most every 10 s)", limits.maxConnections(), detail);
    }
  }

  /** One open connection: requests queued or running, and when the last one arrived. */
  static final class Connection {
    final Channel channel;
    final AtomicInteger inFlight = new AtomicInteger();
    volatile long lastRequestNanos = System.nanoTime();
    volatile boolean evicted;
    /** Set once the pipelining bound was passed; cleared when every answer owed has been sent. */
    volatile boolean overflowing;
    ScheduledFuture<?> deadline;

    Connection(Channel channel) {
      this.channel = channel;
    }
  }
}
