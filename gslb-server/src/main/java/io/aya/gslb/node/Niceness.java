package io.aya.gslb.node;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the scheduling priority of the calling thread alone (Linux: {@code renice} of its own thread id, read from
 * {@code /proc/thread-self}), so that a long job in the background, such as rebuilding a big zone, yields the CPU to
 * the DNS threads whenever they have queries to answer instead of competing with them as an equal: on a machine of
 * two cores a reload of 1,000,000 records takes one core for seconds. Lowering one's own priority needs no privilege;
 * where it cannot be done (no {@code /proc/thread-self}, no {@code renice}) the thread keeps its priority and a debug
 * line says why. Stateless and thread-safe.
 */
final class Niceness {
  /** The nice value the zone reload thread takes ({@code -Daya.reload.nice}, 0..19; 0 leaves it as it is). */
  static final int RELOAD = Integer.getInteger("aya.reload.nice", 10);

  private static final Logger log = LoggerFactory.getLogger(Niceness.class);

  private Niceness() {}

  /** Gives the calling thread the nice value {@code nice} (1..19; 0 or less does nothing); true when it did. */
  static boolean lowerCurrentThread(int nice) {
    if (nice <= 0) {
      return false;
    }
    int value = Math.min(nice, 19);
    try {
      String tid = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
      Process p = new ProcessBuilder("renice", "-n", String.valueOf(value), "-p", tid)
          .redirectErrorStream(true).redirectOutput(Redirect.DISCARD).start();
      if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
        return true;
      }
      p.destroy();
      log.debug("renice -n {} -p {} failed: thread {} keeps its priority", value, tid, Thread.currentThread().getName());
    } catch (IOException | UnsupportedOperationException e) {
      log.debug("cannot lower the priority of thread {}: {}", Thread.currentThread().getName(), e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }
}
