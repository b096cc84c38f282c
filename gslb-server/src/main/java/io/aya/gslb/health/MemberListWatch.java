package io.aya.gslb.health;

import io.aya.cluster.MemberInfo;
import io.aya.cluster.SharedState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Tells when the cluster's member names change, out of the shared state's "something changed" listener (which
 * fires for every observation, load report and override too): a burst of changes costs one look at the member
 * list, on the thread {@code run} hands the task to. Thread-safe.
 */
final class MemberListWatch {
  private final SharedState shared;
  private final Consumer<Runnable> run;
  private final BiConsumer<List<String>, List<String>> onChange;
  private final AtomicBoolean pending = new AtomicBoolean();
  /** Touched only by tasks given to {@code run}, one at a time. */
  private List<String> members;

  /**
   * @param run runs a task on the caller's single thread (tasks must not overlap)
   * @param onChange called on that thread with the names before and after, sorted, when they differ
   */
  MemberListWatch(SharedState shared, Consumer<Runnable> run, BiConsumer<List<String>, List<String>> onChange) {
    this.shared = shared;
    this.run = run;
    this.onChange = onChange;
    this.members = names(shared);
    shared.addListener(this::onSharedChange);
  }

  private void onSharedChange() {
    if (pending.compareAndSet(false, true)) {
      run.accept(() -> {
        pending.set(false);
        List<String> now = names(shared);
        if (!now.equals(members)) {
          List<String> before = members;
          members = now;
          onChange.accept(before, now);
        }
      });
    }
  }

  private static List<String> names(SharedState shared) {
    List<String> names = new ArrayList<>();
    for (MemberInfo m : shared.members()) {
      names.add(m.node());
    }
    names.sort(null);
    return names;
  }
}
