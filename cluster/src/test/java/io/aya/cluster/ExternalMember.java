package io.aya.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ClusterMemberMain} in a child JVM on the test class path, driven over its stdin/stdout. The
 * constructor only launches it (a JVM takes seconds to start: tests start their other members meanwhile);
 * {@link #awaitReady()} waits for it to be a member.
 */
final class ExternalMember implements AutoCloseable {
  private final Process process;
  private final Writer stdin;
  private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
  private String address;

  ExternalMember(String name, int port, List<String> members, int k, Path log) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        ClusterMemberMain.class.getName(), name, Integer.toString(port),
        members.isEmpty() ? "-" : String.join(",", members), Integer.toString(k)));
    try {
      process = new ProcessBuilder(cmd).redirectErrorStream(false)
          .redirectError(log.toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          if (line.startsWith("READY ") || line.startsWith("PROBES ") || line.startsWith("MEMBERS ")) {
            replies.add(line);
          }
        }
      } catch (IOException e) {
        // the process died: callers time out on their reply
      }
    }, "external-" + name);
    reader.setDaemon(true);
    reader.start();
  }

  /** Waits until the child has joined (or formed) its cluster; returns its cluster address. */
  String awaitReady() {
    if (address == null) {
      address = reply("READY", 60).substring("READY ".length());
    }
    return address;
  }

  long pid() {
    return process.pid();
  }

  /** For each key, whether the child probes it. */
  boolean[] probes(List<String> keys) {
    String bits = ask("PROBES " + String.join(" ", keys), "PROBES").substring("PROBES ".length());
    boolean[] out = new boolean[keys.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = bits.charAt(i) == '1';
    }
    return out;
  }

  int memberCount() {
    return Integer.parseInt(ask("MEMBERS", "MEMBERS").substring("MEMBERS ".length()));
  }

  /** True while the child runs (a child that could not start its member exits with status 1). */
  boolean alive() {
    return process.isAlive();
  }

  int exitValue() {
    return process.exitValue();
  }

  /** kill -STOP: the process hangs with its connections open, as a wedged or cut-off host does. */
  void freeze() {
    try {
      Process p = new ProcessBuilder("kill", "-STOP", Long.toString(process.pid())).start();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("kill -STOP " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** kill -9: no goodbye to the cluster. */
  void kill() {
    process.destroyForcibly();
  }

  private String ask(String command, String word) {
    try {
      stdin.write(command + "\n");
      stdin.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return reply(word, 20);
  }

  private String reply(String word, int seconds) {
    try {
      String line = replies.poll(seconds, TimeUnit.SECONDS);
      if (line == null || !line.startsWith(word + " ")) {
        throw new IllegalStateException("external member: no " + word + " reply within " + seconds
            + " s (got " + line + ", alive=" + process.isAlive() + ")");
      }
      return line;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
