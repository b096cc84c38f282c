package io.aya.gslb.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** One run of the {@code aya} command line in this JVM: its exit status and what it printed. */
record CommandRun(int exit, String out, String err) {

  /**
   * Runs {@link Main#commandLine()} with {@code args}, capturing {@code System.out} and {@code System.err}
   * (restored afterwards). Not for concurrent use: the streams are global.
   */
  static CommandRun run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int code = Main.commandLine().execute(args);
      return new CommandRun(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }
}
