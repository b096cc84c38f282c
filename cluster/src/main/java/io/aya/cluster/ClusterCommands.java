package io.aya.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import com.hazelcast.topic.Message;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commands sent to every member and their answers, over two Hazelcast topics: a request names a command that
 * each member (the sender included) runs with its registered handler on one background thread, and each
 * member publishes its answer. Requests and answers are sealed with the cluster secret like shared values
 * (a process without it cannot make members act), and a request stamped outside the allowed clock skew is
 * ignored (no replays). The payloads are opaque text to this module. Thread-safe.
 */
final class ClusterCommands implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClusterCommands.class);
  static final String REQUESTS = "aya.commands";
  static final String REPLIES = "aya.command-replies";

  record Request(String id, String from, String command, String payload, long timestampMillis) {}

  record Reply(String id, String node, boolean ok, String body, long timestampMillis) {}

  /** Answers collected for one request, until every expected member answered. */
  private static final class Pending {
    final List<String> expected;
    final Map<String, CommandResult> results = new ConcurrentHashMap<>();

    Pending(List<String> expected) {
      this.expected = expected;
    }

    synchronized void add(String node, CommandResult r) {
      results.put(node, r);
      notifyAll();
    }

    /**
     * Waits until every expected member answered or left the cluster ({@code live} no longer lists it; such a
     * member gets an answer saying so), or until the deadline.
     */
    synchronized void await(long deadlineNanos, Supplier<List<String>> live) throws InterruptedException {
      while (!results.keySet().containsAll(expected)) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
          return;
        }
        TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
        List<String> now = live.get();
        for (String m : expected) {
          if (!now.contains(m) && !results.containsKey(m)) {
            results.put(m, new CommandResult(false, false, "left the cluster before answering"));
          }
        }
      }
    }
  }

  private final String self;
  private final Admission admission;
  private final ITopic<String> requests;
  private final ITopic<String> replies;
  private final Map<String, Function<String, String>> handlers = new ConcurrentHashMap<>();
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final ExecutorService worker;
  private final Codec<Request> requestCodec = Codec.of(Request.class);
  private final Codec<Reply> replyCodec = Codec.of(Reply.class);

  ClusterCommands(String self, HazelcastInstance hz, Admission admission) {
    this.self = self;
    this.admission = admission;
    this.requests = hz.getTopic(REQUESTS);
    this.replies = hz.getTopic(REPLIES);
    this.worker = Executors.newSingleThreadExecutor(ClusterNode.daemon("aya-cluster-command-" + self));
    requests.addMessageListener(this::onRequest);
    replies.addMessageListener(this::onReply);
  }

  void handle(String command, Function<String, String> handler) {
    handlers.put(command, handler);
  }

  /**
   * Sends {@code command} to the live {@code members} and waits at most {@code timeout} for their answers; a
   * member that did not answer in time, or left the cluster meanwhile, gets {@code answered=false}.
   */
  Map<String, CommandResult> broadcast(String command, String payload, Supplier<List<String>> members,
      Duration timeout) throws InterruptedException {
    String id = UUID.randomUUID().toString();
    Pending p = new Pending(List.copyOf(members.get()));
    pending.put(id, p);
    try {
      String json = requestCodec.encode(new Request(id, self, command, payload, admission.nowMillis()));
      requests.publish(admission.seal(REQUESTS, id, json));
      p.await(System.nanoTime() + timeout.toNanos(), members);
      Map<String, CommandResult> out = new TreeMap<>(p.results);
      for (String m : p.expected) {
        out.putIfAbsent(m, new CommandResult(false, false, "no answer within " + timeout.toSeconds() + " s"));
      }
      return out;
    } finally {
      pending.remove(id);
    }
  }

  private void onRequest(Message<String> m) {
    String text = m.getMessageObject();
    Request unchecked = requestCodec.decode(ClusterSecret.body(text));
    Request r = unchecked == null || unchecked.id() == null ? null : open(REQUESTS, unchecked.id(), text, requestCodec);
    if (r == null) {
      return;
    }
    long age = admission.nowMillis() - r.timestampMillis();
    if (age > admission.maxSkewMillis() || !admission.timely(r.timestampMillis())) {
      log.warn("Ignored command '{}' from {}: stamped {} ms from this node's clock", r.command(), r.from(), age);
      return;
    }
    try {
      worker.execute(() -> run(r));
    } catch (RejectedExecutionException closing) {
      // closing: the sender sees no answer from this node
    }
  }

  private void run(Request r) {
    Function<String, String> h = handlers.get(r.command());
    boolean ok;
    String body;
    if (h == null) {
      ok = false;
      body = "unknown command '" + r.command() + "' (this node runs an older release?)";
    } else {
      try {
        body = h.apply(r.payload());
        ok = true;
      } catch (RuntimeException e) {
        log.warn("Command '{}' from {} failed", r.command(), r.from(), e);
        ok = false;
        body = e.getMessage() == null ? e.toString() : e.getMessage();
      }
    }
    String json = replyCodec.encode(new Reply(r.id(), self, ok, body, admission.nowMillis()));
    try {
      replies.publish(admission.seal(REPLIES, r.id() + "|" + self, json));
    } catch (RuntimeException e) {
      log.warn("Could not answer command '{}' from {}: {}", r.command(), r.from(), e.toString());
    }
  }

  private void onReply(Message<String> m) {
    String text = m.getMessageObject();
    Reply unchecked = replyCodec.decode(ClusterSecret.body(text));
    if (unchecked == null || unchecked.id() == null || unchecked.node() == null) {
      return;
    }
    Pending p = pending.get(unchecked.id());
    if (p == null) {
      return; // another node's request, or one that timed out
    }
    Reply r = open(REPLIES, unchecked.id() + "|" + unchecked.node(), text, replyCodec);
    if (r != null) {
      p.add(r.node(), new CommandResult(true, r.ok(), r.body()));
    }
  }

  private <V> V open(String topic, String key, String text, Codec<V> codec) {
    String json = admission.open(topic, key, text);
    return json == null ? null : codec.decode(json);
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
