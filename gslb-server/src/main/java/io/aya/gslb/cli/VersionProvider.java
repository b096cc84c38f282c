package io.aya.gslb.cli;

import picocli.CommandLine;

/** {@code --version} of every command: the version Maven wrote into the jar's manifest. */
final class VersionProvider implements CommandLine.IVersionProvider {
  /** The release, or {@code "dev"} when run from classes rather than the packaged jar. */
  static String version() {
    String v = VersionProvider.class.getPackage().getImplementationVersion();
    return v == null || v.isBlank() ? "dev" : v;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"AYA GSLB " + version()};
  }
}
