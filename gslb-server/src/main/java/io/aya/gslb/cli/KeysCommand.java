package io.aya.gslb.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code aya keys ZONE}: the DS records of a signed zone, one per line in presentation format, ready for the
 * parent zone or a registrar (docs/dnssec.md); {@code --dnskey} prints the DNSKEY records they point at as well.
 * Reads {@code GET /api/v1/zones/{zone}/ds} of a running node.
 */
@Command(name = "keys", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Print the DS records of a signed zone for its parent (registrar).")
final class KeysCommand implements Callable<Integer> {
  @Mixin AdminTarget target;

  @Parameters(paramLabel = "ZONE", description = "the zone, e.g. example.com")
  String zone;

  @Option(names = "--dnskey", description = "also print the DNSKEY records the DS records point at")
  boolean dnskey;

  @Override
  public Integer call() {
    AdminClient api = new AdminClient(target.resolve(System::getenv));
    JsonNode r = api.get("/api/v1/zones/" + AdminClient.segment(zone) + "/ds");
    for (JsonNode ds : r.path("ds")) {
      System.out.println(ds.path("record").asText());
    }
    if (dnskey) {
      for (JsonNode k : r.path("dnskeys")) {
        System.out.println(k.asText());
      }
    }
    return 0;
  }
}
