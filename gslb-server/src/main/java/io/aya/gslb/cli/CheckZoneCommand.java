package io.aya.gslb.cli;

import io.aya.gslb.zone.ZoneRepository;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code aya check-zone FILE|DIR...}: parses zone files exactly as the server loads them and prints every
 * problem as {@code file:line: message}. Exit status 0 when all would load together, 1 otherwise.
 */
@Command(name = "check-zone", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Check zone files (a directory stands for its *.zone files); print file:line: message per problem.")
final class CheckZoneCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "FILE", description = "zone files or directories")
  List<Path> files;

  @Override
  public Integer call() {
    List<String> problems = ZoneRepository.check(files);
    for (String p : problems) {
      System.err.println(p);
    }
    if (problems.isEmpty()) {
      System.out.println(files.size() == 1 ? files.get(0) + ": OK" : files.size() + " files: OK");
      return 0;
    }
    System.err.println(problems.size() + (problems.size() == 1 ? " problem" : " problems"));
    return 1;
  }
}
