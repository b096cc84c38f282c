package io.aya.gslb.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A thread lowers its own scheduling priority, and only its own: the thread that started it keeps its nice value. */
class NicenessTest {
  @Test
  void aThreadLowersItsOwnPriorityAndNoOtherThreadsPriority() throws Exception {
    int before = ownNice();
    CompletableFuture<int[]> lowered = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        boolean done = Niceness.lowerCurrentThread(Math.min(19, before + 7));
        lowered.complete(new int[] {done ? 1 : 0, ownNice()});
      } catch (Exception e) {
        lowered.completeExceptionally(e);
      }
    });
    t.start();
    t.join();

    assertThat(lowered.get()[0]).as("renice succeeded").isEqualTo(1);
    assertThat(lowered.get()[1]).isEqualTo(Math.min(19, before + 7));
    assertThat(ownNice()).isEqualTo(before);
    assertThat(Niceness.lowerCurrentThread(0)).isFalse();
  }

  /** The nice value of the calling thread: field 19 of /proc/thread-self/stat (after the parenthesised name). */
  private static int ownNice() throws Exception {
    String stat = Files.readString(Path.of("/proc/thread-self/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Integer.parseInt(fields[16]);
  }
}
