package io.previewbridge.sources.fetch;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.previewbridge.sources.control.Fetcher;
import io.previewbridge.sources.control.InvalidSources;
import io.previewbridge.sources.control.PinnedDnsResolver;
import io.previewbridge.sources.control.PreviewBuilder;
import io.previewbridge.sources.control.PreviewBuilderAccess;
import io.previewbridge.sources.control.SourceRegistry;
import io.previewbridge.sources.entity.PreviewResult;
import io.previewbridge.sources.entity.Requester;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rule through the sources file: the host the admin wrote may be internal, a host from the
 * pasted link may not unless the source allows it; the allowances are checked at start-up.
 */
class SourceDestinationsTest {

  static WireMockServer upstream;

  static final Fetcher.Limits LIMITS =
      new Fetcher.Limits(Duration.ofSeconds(1), Duration.ofSeconds(2), 10_000, 2);

  /** Every tenant of the test resolves to this machine, as an attacker would arrange. */
  static final PinnedDnsResolver.Lookup LOOKUP =
      host -> {
        if (host.endsWith(".tenants.test") || host.equals("localhost")) {
          return new InetAddress[] {InetAddress.getByName("127.0.0.1")};
        }
        throw new UnknownHostException(host);
      };

  @BeforeAll
  static void start() {
    upstream = new WireMockServer(options().dynamicPort());
    upstream.start();
  }

  @AfterAll
  static void stop() {
    upstream.stop();
  }

  @BeforeEach
  void reset() {
    upstream.resetAll();
    upstream.stubFor(get(anyUrl()).willReturn(okJson("{\"title\":\"Internal data\"}")));
  }

  PreviewResult build(String fetch, String uri) {
    SourceRegistry registry =
        SourceRegistry.of(
            """
            {"developerName":"Acme","sources":[{"id":"t",
              "pattern":"^https://(?<tenant>[a-z]+)\\\\.example/t/(?<num>\\\\d+)$",
              "samples":["https://a.example/t/1"],
              "fetch": %s,
              "attributes":[{"id":"title","type":"title","value":"{/title}"}]}]}
            """
                .formatted(fetch.replace("PORT", String.valueOf(upstream.port()))),
            Optional.empty(),
            k -> Optional.empty());
    PreviewBuilder builder =
        PreviewBuilderAccess.builder(new Fetcher(LIMITS, List.of(), LOOKUP), registry);
    return builder.build(registry.match(uri).orElseThrow(), new Requester("a", "u", "e"));
  }

  @Test
  void theHostTheAdminWroteMayBeInternal() {
    PreviewResult result =
        build("{\"url\":\"http://localhost:PORT/t/{num}\"}", "https://a.example/t/1");

    assertThat(result).isInstanceOf(PreviewResult.Attributes.class);
    assertThat(result.operations().toString()).contains("Internal data");
  }

  @Test
  void aHostFromThePastedLinkMayNotBeInternal() {
    PreviewResult result =
        build(
            "{\"url\":\"http://{tenant}.tenants.test:PORT/t/{num}\"}", "https://evil.example/t/1");

    assertThat(result)
        .isEqualTo(
            new PreviewResult.Failure(
                502, "The source's address is not an allowed destination", false));
    assertThat(upstream.getAllServeEvents()).isEmpty();
  }

  @Test
  void unlessTheSourceAllowsIt() {
    PreviewResult byHost =
        build(
            "{\"url\":\"http://{tenant}.tenants.test:PORT/t/{num}\","
                + "\"allowedDestinations\":[\"*.tenants.test\"]}",
            "https://acme.example/t/1");
    PreviewResult byCidr =
        build(
            "{\"url\":\"http://{tenant}.tenants.test:PORT/t/{num}\","
                + "\"allowedDestinations\":[\"127.0.0.0/8\"]}",
            "https://acme.example/t/1");
    PreviewResult privateOnly =
        build(
            "{\"url\":\"http://{tenant}.tenants.test:PORT/t/{num}\",\"allowPrivateNetwork\":true}",
            "https://acme.example/t/1");

    assertThat(byHost).isInstanceOf(PreviewResult.Attributes.class);
    assertThat(byCidr).isInstanceOf(PreviewResult.Attributes.class);
    assertThat(privateOnly)
        .as("private ranges do not include loopback")
        .isInstanceOf(PreviewResult.Failure.class);
  }

  @Test
  void badAllowancesAreReportedWithTheirPathAtStartUp() {
    InvalidSources problems =
        catchThrowableOfType(
            InvalidSources.class,
            () ->
                build(
                    "{\"url\":\"http://localhost:PORT/\",\"allowPrivateNetwork\":\"yes\","
                        + "\"allowedDestinations\":[\"10.0.0.0/40\",\"ok.example\",7]}",
                    "https://a.example/t/1"));

    assertThat(problems.problems())
        .anySatisfy(p -> assertThat(p).contains("sources[0].fetch.allowPrivateNetwork"))
        .anySatisfy(p -> assertThat(p).contains("sources[0].fetch.allowedDestinations[0]"))
        .anySatisfy(p -> assertThat(p).contains("sources[0].fetch.allowedDestinations[2]"))
        .noneSatisfy(p -> assertThat(p).contains("allowedDestinations[1]"));
  }
}
