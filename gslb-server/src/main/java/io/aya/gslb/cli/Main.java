package io.aya.gslb.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code aya} command line: {@code serve}, {@code check-zone}, {@code explain}. */
@Command(
    name = "aya",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Clustered authoritative DNS server for global server load balancing.",
    subcommands = {ServeCommand.class, CheckZoneCommand.class, ExplainCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: serve, check-zone or explain");
  }

  public static void main(String[] args) {
    if (System.getProperty("hazelcast.logging.type") == null) {
      System.setProperty("hazelcast.logging.type", "slf4j"); // before any Hazelcast class logs
    }
    int code = new CommandLine(new Main()).execute(args);
    if (code != 0 || !(args.length > 0 && args[0].equals("serve"))) {
      System.exit(code);
    }
  }
}
