package io.aya.gslb.cli;

import io.aya.gslb.zone.ZoneRepository;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code aya check-zone FILE|DIR...}: parses zone files exactly as the server loads them and prints every
 * problem as {@code file:line: message}, then warnings ({@code file:line: warning: ...}) about what loads but is
 * probably not meant. Exit status 0 when all would load together (warnings or not), 1 otherwise.
 */
@Command(name = "check-zone", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Check zone files (a directory stands for its *.zone files); print file:line: message per problem, then warnings.")
final class CheckZoneCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "FILE", description = "zone files or directories")
  List<Path> files;

  @Override
  public Integer call() {
    ZoneRepository.CheckReport report = ZoneRepository.checkWithWarnings(files);
    List<String> problems = report.problems();
    for (String p : problems) {
      System.err.println(p);
    }
    for (String w : report.warnings()) {
      System.err.println(w);
    }
    if (problems.isEmpty()) {
      int n = report.warnings().size();
      System.out.println((files.size() == 1 ? files.get(0) + ": OK" : files.size() + " files: OK")
          + (n == 0 ? "" : " (" + n + (n == 1 ? " warning" : " warnings") + ")"));
      return 0;
    }
    System.err.println(problems.size() + (problems.size() == 1 ? " problem" : " problems"));
    return 1;
  }
}
