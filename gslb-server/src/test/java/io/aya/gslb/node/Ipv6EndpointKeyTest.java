package io.aya.gslb.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aya.gslb.zone.AddressText;
import java.net.InetAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IPv6 endpoints are keyed, shown and counted in RFC 5952 text ({@code 2001:db8::10}) however the zone file
 * spells them, and the API accepts any spelling of the address in an endpoint key.
 */
class Ipv6EndpointKeyTest {
  private static final String KEY = "v6.test/web@2001:db8::10";
  @TempDir Path dir;
  private AyaNode node;

  @BeforeEach
  void start() throws Exception {
    TestNode.write(dir.resolve("zones/v6.test.zone"), String.join("\n",
        "$ORIGIN v6.test.",
        "@ 300 IN SOA ns1 hostmaster 1 7200 900 1209600 60",
        "@ 300 IN NS ns1",
        "ns1 300 IN A 192.0.2.53",
        "$REGION eu-west 53.35 -6.26",
        "$CHECK web tcp port=9 interval=60s timeout=1s",
        "www IN GSLB eu-west 2001:DB8:0:0:0:0:0:10 check=web",
        ""));
    node = AyaNode.start(TestNode.config(dir.resolve("zones"), dir.resolve("state")));
  }

  @AfterEach
  void stop() {
    node.close();
  }

  @Test
  void theEndpointKeyAndAddressAreRfc5952Text() {
    JsonNode e = TestNode.endpoint(node, KEY);
    assertThat(e).as("endpoint " + KEY + " in /api/v1/regions").isNotNull();
    assertThat(e.get("address").asText()).isEqualTo("2001:db8::10");
    assertThat(TestNode.get(node, "/metrics").body()).contains("endpoint=\"" + KEY + "\"");
  }

  @Test
  void aForceDownNamingTheAddressUncompressedActsOnTheEndpointUnderItsCanonicalKey() {
    TestNode.Reply r = TestNode.postAuthed(node, "/api/v1/endpoints/v6.test%2Fweb%402001%3ADB8%3A0%3A0%3A0%3A0%3A0%3A10/force-down");
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).contains(KEY);
    JsonNode e = TestNode.endpoint(node, KEY);
    assertThat(e.get("override").get("target").asText()).isEqualTo(KEY);
    assertThat(e.get("up").asBoolean()).isFalse();
  }

  @Test
  void canonicalKeysLeaveIpv4GlobsAndNonAddressesAlone() throws Exception {
    assertThat(AddressText.canonicalKey("z/web@2001:0db8:0000::0010")).isEqualTo("z/web@2001:db8::10");
    assertThat(AddressText.canonicalKey("z/web@192.0.2.1")).isEqualTo("z/web@192.0.2.1");
    assertThat(AddressText.canonicalKey("*@2001:db8::*")).isEqualTo("*@2001:db8::*");
    assertThat(AddressText.canonicalKey("eu-west")).isEqualTo("eu-west");
    assertThat(AddressText.of(InetAddress.getByName("2001:db8:0:0:1:0:0:1"))).isEqualTo("2001:db8::1:0:0:1");
  }
}
