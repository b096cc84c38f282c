package io.aya.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code aya} command line ({@code java -jar aya.jar ARGS}) as a separate process. */
final class AyaCli {
  private AyaCli() {}

  /** What one run printed and how it ended. */
  record Run(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  static Run run(String... args) throws IOException, InterruptedException {
    return run(Map.of(), args);
  }

  /** @param env extra environment; a null value removes the variable ({@code AYA_ADMIN_TOKEN} is always removed unless given) */
  static Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(AyaProcess.javaBin(), "-Xmx128m", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-Daya.home=" + AyaProcess.ROOT.toAbsolutePath().normalize(),
        "-jar", AyaProcess.JAR.toAbsolutePath().toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().remove("AYA_ADMIN_TOKEN");
    env.forEach((k, v) -> {
      if (v == null) {
        pb.environment().remove(k);
      } else {
        pb.environment().put(k, v);
      }
    });
    Process p = pb.start();
    p.getOutputStream().close();
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError("aya " + String.join(" ", args) + " did not finish within 60 s");
    }
    return new Run(p.exitValue(), out.join(), err.join());
  }

  private static String drain(java.io.InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}
