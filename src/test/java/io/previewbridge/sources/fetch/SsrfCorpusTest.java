package io.previewbridge.sources.fetch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.previewbridge.sources.control.DestinationPolicy;
import io.previewbridge.sources.control.Fetcher;
import io.previewbridge.sources.control.PinnedDnsResolver;
import io.previewbridge.sources.control.PreviewBuilderAccess;
import io.previewbridge.sources.entity.PreviewResult;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/**
 * The SSRF corpus ({@code src/test/resources/ssrf/corpus.csv}): every attempt to reach an internal
 * address, directly or by redirect, in any spelling, is refused with a clear error operation before
 * a request reaches the target; oversized and slow answers are cut off. A second WireMock stands
 * for the internal service, and its request journal must stay empty.
 */
class SsrfCorpusTest {

  static WireMockServer publicUpstream;
  static WireMockServer forbidden;

  static final Fetcher.Limits LIMITS =
      new Fetcher.Limits(Duration.ofSeconds(1), Duration.ofMillis(800), 2_000, 3);

  /** The test's DNS: names that resolve where an attacker would like them to. */
  static final PinnedDnsResolver.Lookup LOOKUP =
      host ->
          switch (host) {
            case "public.test", "rebind.test" -> addresses("127.0.0.1");
            case "metadata.test" -> addresses("169.254.169.254");
            case "mixed.test" -> addresses("93.184.216.34", "10.0.0.1");
            case "internal6.test" -> addresses("fd00::1");
            case "localhost" -> PinnedDnsResolver.SYSTEM.lookup(host);
            default -> throw new UnknownHostException(host);
          };

  final Fetcher fetcher = new Fetcher(LIMITS, List.of(), LOOKUP);

  @BeforeAll
  static void start() {
    publicUpstream = new WireMockServer(options().dynamicPort());
    forbidden = new WireMockServer(options().dynamicPort());
    publicUpstream.start();
    forbidden.start();
  }

  @AfterAll
  static void stop() {
    publicUpstream.stop();
    forbidden.stop();
  }

  @BeforeEach
  void reset() {
    publicUpstream.resetAll();
    forbidden.resetAll();
    forbidden.stubFor(any(anyUrl()).willReturn(okJson("{\"secret\":\"internal\"}")));
  }

  @ParameterizedTest(name = "{0}")
  @CsvFileSource(resources = "/ssrf/corpus.csv", delimiter = '|')
  void isRefusedOrCutOffWithAClearError(
      String name, String how, String url, Fetcher.Reason expected, String words) {
    String target = url.replace("{forbidden}", String.valueOf(forbidden.port()));
    Fetcher.Request request =
        switch (how) {
          case "direct" ->
              new Fetcher.Request(
                  "GET",
                  URI.create(target),
                  Map.of(),
                  null,
                  LIMITS,
                  DestinationPolicy.forPastedLink());
          case "redirect" -> {
            publicUpstream.stubFor(
                get("/start")
                    .willReturn(aResponse().withStatus(302).withHeader("Location", target)));
            yield fromPublic("/start");
          }
          case "answer" -> {
            stubBadAnswers();
            yield fromPublic(target);
          }
          default -> throw new IllegalArgumentException(how);
        };

    long start = System.nanoTime();
    Fetcher.Outcome outcome = fetcher.fetch(request);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(outcome).as(name).isInstanceOf(Fetcher.Failed.class);
    Fetcher.Failed failed = (Fetcher.Failed) outcome;
    assertThat(failed.reason()).as(name).isEqualTo(expected);
    assertThat(failed.detail()).as(name).contains(words);
    assertThat(forbidden.getAllServeEvents()).as("requests that reached the target").isEmpty();
    assertThat(took).as("refused or cut off in time").isLessThan(Duration.ofMillis(2_500));
    PreviewResult.Failure operation = PreviewBuilderAccess.failureOf(outcome);
    assertThat(operation.status()).isIn(502, 504);
    assertThat(operation.message()).isNotBlank();
    if (expected == Fetcher.Reason.DESTINATION_REFUSED) {
      assertThat(operation.message())
          .isEqualTo("The source's address is not an allowed destination");
    }
  }

  /** From the "public" upstream, allowed explicitly by name; redirects to public hosts followed. */
  static Fetcher.Request fromPublic(String path) {
    return new Fetcher.Request(
        "GET",
        URI.create("http://public.test:" + publicUpstream.port() + path),
        Map.of(),
        null,
        LIMITS,
        DestinationPolicy.of(null, false, List.of("public.test"))
            .followingRedirectsToPublicHosts());
  }

  static void stubBadAnswers() {
    String big = "{\"title\":\"" + "x".repeat(5_000) + "\"}";
    publicUpstream.stubFor(get("/big").willReturn(okJson(big)));
    publicUpstream.stubFor(
        get("/big-chunked").willReturn(okJson(big).withChunkedDribbleDelay(5, 100)));
    publicUpstream.stubFor(get("/slow").willReturn(okJson("{}").withFixedDelay(3_000)));
    publicUpstream.stubFor(
        get("/dribble")
            .willReturn(
                okJson("{\"title\":\"" + "x".repeat(500) + "\"}")
                    .withChunkedDribbleDelay(10, 3_000)));
  }

  static InetAddress[] addresses(String... literals) throws UnknownHostException {
    InetAddress[] result = new InetAddress[literals.length];
    for (int i = 0; i < literals.length; i++) {
      result[i] = InetAddress.getByName(literals[i]);
    }
    return result;
  }
}
