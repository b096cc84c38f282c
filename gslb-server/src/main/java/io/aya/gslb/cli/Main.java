package io.aya.gslb.cli;

import io.netty.util.ResourceLeakDetector;
import java.lang.reflect.Method;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code aya} command line: {@code serve}, {@code check-zone}, {@code explain}, and the
 * operator commands that act on a running node ({@code status}, {@code drain}, {@code undrain},
 * {@code force-up}, {@code force-down}, {@code clear}, {@code load}, {@code reload}).
 */
@Command(
    name = "aya",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Clustered authoritative DNS server for global server load balancing.",
    subcommands = {ServeCommand.class, CheckZoneCommand.class, ExplainCommand.class, StatusCommand.class,
        KeysCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "a command is required: " + String.join(", ", spec.subcommands().keySet()));
  }

  /** The whole command line: every subcommand, and operator failures printed as one line with their exit status. */
  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    for (Method m : CommandLine.getCommandMethods(OperatorCommands.class, null)) {
      cl.addSubcommand(new CommandLine(m));
    }
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      if (ex instanceof CliException c) {
        cmd.getErr().println("aya " + cmd.getCommandName() + ": " + c.getMessage());
        return c.exitCode();
      }
      throw ex;
    });
    return cl;
  }

  public static void main(String[] args) {
    if (System.getProperty("hazelcast.logging.type") == null) {
      System.setProperty("hazelcast.logging.type", "slf4j"); // before any Hazelcast class logs
    }
    if (System.getProperty("io.netty.leakDetection.level") == null) {
      // Netty samples buffer allocations for leaks by default, recording a stack trace for each sample: a
      // cost on every answer. The tests run with it on; an operator turns it on with
      // -Dio.netty.leakDetection.level=simple (docs/operations.md).
      ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
    }
    int code = commandLine().execute(args);
    if (code != 0 || !(args.length > 0 && args[0].equals("serve"))) {
      System.exit(code);
    }
  }
}
