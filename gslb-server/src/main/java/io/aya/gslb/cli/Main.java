package io.aya.gslb.cli;

/** Entry point of the {@code aya} command line. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.err.println("aya: not built yet");
    System.exit(2);
  }
}
