package io.previewbridge.sources.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import io.previewbridge.sources.control.DestinationPolicy;
import io.previewbridge.sources.control.DestinationPolicy.Category;
import io.previewbridge.sources.entity.Template;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Address classification, odd spellings, and who may go where. */
class DestinationPolicyTest {

  static final List<String> NO_GLOBAL = List.of();

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "8.8.8.8, PUBLIC",
    "93.184.216.34, PUBLIC",
    "0.0.0.0, UNSPECIFIED",
    "0.1.2.3, UNSPECIFIED",
    "127.0.0.1, LOOPBACK",
    "127.255.255.254, LOOPBACK",
    "10.1.2.3, PRIVATE",
    "172.16.0.1, PRIVATE",
    "172.31.255.255, PRIVATE",
    "172.32.0.1, PUBLIC",
    "172.15.255.255, PUBLIC",
    "192.168.0.1, PRIVATE",
    "100.64.0.1, PRIVATE",
    "100.127.255.255, PRIVATE",
    "100.128.0.1, PUBLIC",
    "169.254.169.254, LINK_LOCAL",
    "224.0.0.251, MULTICAST",
    "239.255.255.250, MULTICAST",
    "240.0.0.1, RESERVED",
    "255.255.255.255, RESERVED",
    "::, UNSPECIFIED",
    "::1, LOOPBACK",
    "::ffff:127.0.0.1, LOOPBACK",
    "::ffff:10.0.0.1, PRIVATE",
    "::ffff:169.254.169.254, LINK_LOCAL",
    "::ffff:8.8.8.8, PUBLIC",
    "::127.0.0.1, LOOPBACK",
    "::8.8.8.8, RESERVED",
    "64:ff9b::a9fe:a9fe, LINK_LOCAL",
    "2002:0a00:0001::1, PRIVATE",
    "fe80::1, LINK_LOCAL",
    "febf::1, LINK_LOCAL",
    "fec0::1, RESERVED",
    "fc00::1, PRIVATE",
    "fdff:ffff::1, PRIVATE",
    "ff02::1, MULTICAST",
    "2001::1, RESERVED",
    "2606:4700::1111, PUBLIC",
    "2a00:1450:4001::200e, PUBLIC"
  })
  void classifiesAddresses(String literal, Category expected) throws Exception {
    assertThat(DestinationPolicy.classify(InetAddress.getByName(literal))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({
    "2130706433, 2130706433",
    "0177.0.0.1, 2130706433",
    "0x7f.1, 2130706433",
    "0x7f000001, 2130706433",
    "017700000001, 2130706433",
    "127.1, 2130706433",
    "127.0.1, 2130706433",
    "0, 0",
    "0xa9.0xfe.0xa9.0xfe, 2852039166"
  })
  void readsNumericSpellingsAsInetAtonDoes(String host, long value) {
    assertThat(DestinationPolicy.inetAton(host)).hasValue(value);
    assertThat(DestinationPolicy.isOddIpv4Spelling(host)).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"127.0.0.1", "8.8.8.8", "example.com", "api.0x.example", "1password.com", "[::1]"})
  void leavesCanonicalAddressesAndNamesAlone(String host) {
    assertThat(DestinationPolicy.isOddIpv4Spelling(host)).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"99999999999", "1.2.3.4.5", "0x1ffffffff", "256.1.1.1"})
  void refusesNumericLookingHostsThatNoResolverShouldSee(String host) {
    assertThat(DestinationPolicy.isOddIpv4Spelling(host)).isTrue();
  }

  @Test
  void theHostOfAnAuthorityJavaCallsRegistryBasedIsStillSeen() {
    assertThat(DestinationPolicy.hostOf(URI.create("http://0x7f.1:8080/x"))).isEqualTo("0x7f.1");
    assertThat(DestinationPolicy.hostOf(URI.create("http://u:p@0x7f.1/x"))).isEqualTo("0x7f.1");
    assertThat(DestinationPolicy.hostOf(URI.create("http://[::1]:80/"))).isEqualTo("::1");
    assertThat(DestinationPolicy.hostOf(URI.create("http://Example.COM./")))
        .isEqualTo("example.com");
  }

  @Test
  void theDeclaredHostMayBePrivateAnyOtherHostMayNot() throws Exception {
    DestinationPolicy policy = DestinationPolicy.of("intranet.acme.local", false, List.of());
    InetAddress[] internal = {InetAddress.getByName("10.0.0.5")};

    assertThat(policy.refuseAddresses("INTRANET.acme.local", internal, NO_GLOBAL)).isEmpty();
    assertThat(policy.refuseAddresses("other.acme.local", internal, NO_GLOBAL))
        .hasValueSatisfying(reason -> assertThat(reason).contains("private-network"));
  }

  @Test
  void allowPrivateNetworkOpensPrivateRangesButNotLoopbackOrMetadata() throws Exception {
    DestinationPolicy policy = DestinationPolicy.of(null, true, List.of());

    assertThat(
            policy.refuseAddresses("h", addresses("10.0.0.1", "fd00::1", "100.64.1.1"), NO_GLOBAL))
        .isEmpty();
    assertThat(policy.refuseAddresses("h", addresses("127.0.0.1"), NO_GLOBAL)).isPresent();
    assertThat(policy.refuseAddresses("h", addresses("169.254.169.254"), NO_GLOBAL)).isPresent();
  }

  @Test
  void allowedCidrsAndHostsAreExplicitAllowances() throws Exception {
    DestinationPolicy policy =
        DestinationPolicy.of(null, false, List.of("10.20.0.0/16", "fd00:1::/32", "*.corp.example"));

    assertThat(policy.refuseAddresses("h", addresses("10.20.3.4"), NO_GLOBAL)).isEmpty();
    assertThat(policy.refuseAddresses("h", addresses("10.21.3.4"), NO_GLOBAL)).isPresent();
    assertThat(policy.refuseAddresses("h", addresses("fd00:1:2::3"), NO_GLOBAL)).isEmpty();
    assertThat(policy.refuseAddresses("wiki.corp.example", addresses("127.0.0.1"), NO_GLOBAL))
        .isEmpty();
    assertThat(policy.refuseAddresses("corp.example.evil.test", addresses("10.0.0.1"), NO_GLOBAL))
        .isPresent();
  }

  @Test
  void everyAddressOfAHostMustPass() throws Exception {
    DestinationPolicy policy = DestinationPolicy.publicOnly();

    assertThat(policy.refuseAddresses("h", addresses("8.8.8.8", "192.168.1.1"), NO_GLOBAL))
        .isPresent();
    assertThat(policy.refuseAddresses("h", new InetAddress[0], NO_GLOBAL)).isPresent();
    assertThat(policy.refuseAddresses("h", addresses("8.8.8.8", "2606:4700::1111"), NO_GLOBAL))
        .isEmpty();
  }

  @Test
  void redirectsToOtherHostsNeedAnAllowanceUnlessThePolicyFollowsPublicOnes() {
    DestinationPolicy source = DestinationPolicy.of("api.acme.com", false, List.of("cdn.acme.com"));

    assertThat(source.refuseHost("api.acme.com", "api.acme.com", NO_GLOBAL)).isEmpty();
    assertThat(source.refuseHost("cdn.acme.com", "api.acme.com", NO_GLOBAL)).isEmpty();
    assertThat(source.refuseHost("evil.example", "api.acme.com", NO_GLOBAL)).isPresent();
    assertThat(
            DestinationPolicy.forPastedLink()
                .refuseHost("www.example.com", "example.com", NO_GLOBAL))
        .isEmpty();
    assertThat(source.refuseHost("api.acme.com", "api.acme.com", List.of("other.example")))
        .as("the declared host is the admin's even with a global list")
        .isEmpty();
    assertThat(
            DestinationPolicy.forPastedLink()
                .refuseHost("www.example.com", "www.example.com", List.of("other.example")))
        .hasValueSatisfying(r -> assertThat(r).contains("previewbridge.fetch.allowed-hosts"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "none",
      textBlock =
          """
          https://api.acme.com/tickets/{num}                 | api.acme.com
          https://API.acme.com:8443?q={num}                  | api.acme.com
          {config:base}/tickets/{num}                        | localhost
          {config:base}                                      | localhost
          https://api.acme.com                               | api.acme.com
          https://{tenant}.acme.com/tickets                  | none
          https://api.acme.com{num}/x                        | none
          {url}                                              | none
          {config:missing}/x                                 | none
          """)
  void theDeclaredHostIsTheOneTheAdminWrote(String template, String expected) {
    Optional<String> host =
        DestinationPolicy.declaredHost(
            Template.parse(template),
            part ->
                part instanceof Template.ConfigRef c
                    ? Optional.ofNullable(Map.of("base", "http://localhost:8080").get(c.key()))
                    : Optional.of("x"));
    assertThat(host.orElse(null)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "10.0.0.0/8, true",
    "fd00::/8, true",
    "intranet.acme.local, true",
    "*.acme.io, true",
    "10.0.0.0/33, false",
    "not a host, false",
    "10.0.0.0/x, false",
    "http://x, false"
  })
  void allowancesAreValidated(String entry, boolean valid) {
    assertThat(DestinationPolicy.invalidAllowance(entry).isEmpty()).isEqualTo(valid);
  }

  static InetAddress[] addresses(String... literals) throws Exception {
    InetAddress[] result = new InetAddress[literals.length];
    for (int i = 0; i < literals.length; i++) {
      result[i] = InetAddress.getByName(literals[i]);
    }
    return result;
  }
}
