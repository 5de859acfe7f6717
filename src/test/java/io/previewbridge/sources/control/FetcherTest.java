package io.previewbridge.sources.control;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.previewbridge.sources.entity.PreviewResult;
import io.previewbridge.sources.entity.Refresh;
import io.previewbridge.sources.entity.Source;
import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The fetcher against a real HTTP server: what a slow, big, wandering or broken upstream does. */
class FetcherTest {

  static WireMockServer upstream;

  static final Fetcher.Limits LIMITS =
      new Fetcher.Limits(Duration.ofSeconds(2), Duration.ofMillis(700), 2_000, 2);

  final Fetcher fetcher = new Fetcher(LIMITS);

  /** The upstream runs on this machine: the host is the one the (test) admin declared. */
  static final DestinationPolicy DECLARED = DestinationPolicy.of("localhost", false, List.of());

  static final Source TICKET =
      new Source(
          "ticket",
          Pattern.compile("x"),
          List.of(),
          List.of(),
          Optional.empty(),
          Refresh.DEFAULT,
          List.of(),
          Map.of(404, "Ticket not found"));

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
  }

  Fetcher.Outcome fetch(String path) {
    return fetch(path, LIMITS);
  }

  Fetcher.Outcome fetch(String path, Fetcher.Limits limits) {
    return fetcher.fetch(
        new Fetcher.Request(
            "GET",
            URI.create(upstream.baseUrl() + path),
            Map.of("Authorization", "Bearer s3cret"),
            null,
            limits,
            DECLARED));
  }

  @Test
  void jsonIsReturnedAndHeadersAreSent() {
    upstream.stubFor(
        get("/tickets/42").willReturn(okJson("{\"title\":\"Login fails\",\"n\":[1,2]}")));

    Fetcher.Outcome outcome = fetch("/tickets/42");

    assertThat(outcome).isInstanceOf(Fetcher.Fetched.class);
    JsonObject json = ((Fetcher.Fetched) outcome).json().asJsonObject();
    assertThat(json.getString("title")).isEqualTo("Login fails");
    upstream.verify(
        getRequestedFor(urlEqualTo("/tickets/42"))
            .withHeader("Authorization", equalTo("Bearer s3cret"))
            .withHeader("Accept", equalTo("application/json"))
            .withHeader("User-Agent", equalTo("PreviewBridge")));
  }

  @Test
  void aSourceMaySendAUserAgentOfItsOwn() {
    upstream.stubFor(get("/tickets/43").willReturn(okJson("{}")));

    fetcher.fetch(
        new Fetcher.Request(
            "GET",
            URI.create(upstream.baseUrl() + "/tickets/43"),
            Map.of("User-Agent", "AcmeBridge/2"),
            null,
            LIMITS,
            DECLARED));

    upstream.verify(
        getRequestedFor(urlEqualTo("/tickets/43"))
            .withHeader("User-Agent", equalTo("AcmeBridge/2")));
    assertThat(
            upstream
                .findAll(getRequestedFor(urlEqualTo("/tickets/43")))
                .get(0)
                .getHeaders()
                .getHeader("User-Agent")
                .values())
        .as("one User-Agent, not two")
        .containsExactly("AcmeBridge/2");
  }

  @Test
  void postSendsTheBodyAsJson() {
    upstream.stubFor(post("/search").willReturn(okJson("[]")));

    Fetcher.Outcome outcome =
        fetcher.fetch(
            new Fetcher.Request(
                "POST",
                URI.create(upstream.baseUrl() + "/search"),
                Map.of(),
                "{\"q\":1}",
                LIMITS,
                DECLARED));

    assertThat(outcome).isInstanceOf(Fetcher.Fetched.class);
    upstream.verify(
        postRequestedFor(urlEqualTo("/search"))
            .withHeader("Content-Type", equalTo("application/json"))
            .withRequestBody(equalTo("{\"q\":1}")));
  }

  @ParameterizedTest(name = "upstream {0} -> {1} \"{2}\"")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          404 | 404 | Ticket not found
          403 | 403 | You do not have access to this item
          410 | 410 | This item has been deleted
          500 | 502 | The source had an internal error
          503 | 502 | The source is unavailable right now
          """)
  void errorStatusesMapToNotionErrors(int upstreamStatus, int notionStatus, String message) {
    upstream.stubFor(
        get("/tickets/42")
            .willReturn(aResponse().withStatus(upstreamStatus).withBody("{\"error\":\"x\"}")));

    Fetcher.Outcome outcome = fetch("/tickets/42");

    assertThat(outcome).isEqualTo(new Fetcher.UpstreamStatus(upstreamStatus));
    PreviewResult.Failure failure = PreviewBuilder.failureOf(TICKET, outcome);
    assertThat(failure.status()).isEqualTo(notionStatus);
    assertThat(failure.message()).isEqualTo(message);
  }

  @Test
  void aSlowAnswerIsCutOffByTheReadTimeout() {
    upstream.stubFor(get("/slow").willReturn(okJson("{\"title\":\"late\"}").withFixedDelay(3_000)));

    long start = System.nanoTime();
    Fetcher.Outcome outcome = fetch("/slow");
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertThat(outcome).isInstanceOf(Fetcher.Failed.class);
    assertThat(((Fetcher.Failed) outcome).reason()).isEqualTo(Fetcher.Reason.TIMEOUT);
    assertThat(millis).isLessThan(2_500);
    assertThat(PreviewBuilder.failureOf(TICKET, outcome).status()).isEqualTo(504);
  }

  @Test
  void aBodyThatDribblesInIsCutOffToo() {
    upstream.stubFor(
        get("/dribble")
            .willReturn(
                okJson("{\"title\":\"" + "x".repeat(500) + "\"}")
                    .withChunkedDribbleDelay(10, 3_000)));

    Fetcher.Outcome outcome = fetch("/dribble");

    assertThat(((Fetcher.Failed) outcome).reason()).isEqualTo(Fetcher.Reason.TIMEOUT);
  }

  @Test
  void anOversizedBodyIsRefused() {
    upstream.stubFor(get("/big").willReturn(okJson("{\"title\":\"" + "x".repeat(5_000) + "\"}")));

    Fetcher.Outcome outcome = fetch("/big");

    assertThat(outcome).isInstanceOf(Fetcher.Failed.class);
    assertThat(((Fetcher.Failed) outcome).reason()).isEqualTo(Fetcher.Reason.TOO_LARGE);
    assertThat(PreviewBuilder.failureOf(TICKET, outcome))
        .isEqualTo(new PreviewResult.Failure(502, "The source's answer is too large", false));
  }

  @Test
  void anOversizedBodyWithoutContentLengthIsRefusedWhileStreaming() {
    upstream.stubFor(
        get("/big-chunked")
            .willReturn(
                okJson("{\"title\":\"" + "x".repeat(5_000) + "\"}")
                    .withChunkedDribbleDelay(5, 100)));

    Fetcher.Outcome outcome =
        fetch(
            "/big-chunked",
            new Fetcher.Limits(Duration.ofSeconds(2), Duration.ofSeconds(3), 2_000, 2));

    assertThat(((Fetcher.Failed) outcome).reason()).isEqualTo(Fetcher.Reason.TOO_LARGE);
  }

  @Test
  void redirectsAreFollowedUpToTheLimit() {
    upstream.stubFor(
        get("/r1").willReturn(aResponse().withStatus(302).withHeader("Location", "/r2")));
    upstream.stubFor(
        get("/r2")
            .willReturn(
                aResponse().withStatus(301).withHeader("Location", upstream.baseUrl() + "/r3")));
    upstream.stubFor(
        get("/r3").willReturn(aResponse().withStatus(307).withHeader("Location", "/r4")));
    upstream.stubFor(get("/r4").willReturn(okJson("{\"title\":\"here\"}")));

    assertThat(fetch("/r2")).isInstanceOf(Fetcher.Fetched.class);
    Fetcher.Outcome tooMany = fetch("/r1");
    assertThat(((Fetcher.Failed) tooMany).reason()).isEqualTo(Fetcher.Reason.TOO_MANY_REDIRECTS);
    assertThat(
            fetch(
                "/r1", new Fetcher.Limits(Duration.ofSeconds(2), Duration.ofSeconds(1), 2_000, 0)))
        .isEqualTo(new Fetcher.Failed(Fetcher.Reason.TOO_MANY_REDIRECTS, "more than 0 redirects"));
  }

  @Test
  void aRedirectToAnotherHostIsRefusedUnlessAllowed() {
    String otherHost = upstream.baseUrl().replace("localhost", "127.0.0.1");
    upstream.stubFor(
        get("/away")
            .willReturn(
                aResponse().withStatus(302).withHeader("Location", otherHost + "/landing")));
    upstream.stubFor(get("/landing").willReturn(okJson("{}")));

    assertThat(((Fetcher.Failed) fetch("/away")).reason())
        .isEqualTo(Fetcher.Reason.DESTINATION_REFUSED);
    upstream.verify(0, getRequestedFor(urlEqualTo("/landing")));
  }

  @Test
  void anAllowedOtherHostGetsTheRedirectWithoutTheHeaders() {
    Fetcher allowing = new Fetcher(LIMITS, List.of("localhost", "127.0.0.1"));
    String otherHost = upstream.baseUrl().replace("localhost", "127.0.0.1");
    upstream.stubFor(
        get("/away")
            .willReturn(
                aResponse().withStatus(302).withHeader("Location", otherHost + "/landing")));
    upstream.stubFor(get("/landing").willReturn(okJson("{}")));

    Fetcher.Outcome outcome =
        allowing.fetch(
            new Fetcher.Request(
                "GET",
                URI.create(upstream.baseUrl() + "/away"),
                Map.of("Authorization", "Bearer s3cret"),
                null,
                LIMITS));

    assertThat(outcome).isInstanceOf(Fetcher.Fetched.class);
    upstream.verify(getRequestedFor(urlEqualTo("/landing")).withHeader("Authorization", absent()));
  }

  @Test
  void aBodyIsNeverRepeatedToAnotherOriginButFollowsA307OnItsOwn() {
    Fetcher allowing = new Fetcher(LIMITS, List.of("localhost", "127.0.0.1"));
    String otherHost = upstream.baseUrl().replace("localhost", "127.0.0.1");
    upstream.stubFor(
        post("/search")
            .willReturn(
                aResponse().withStatus(307).withHeader("Location", otherHost + "/elsewhere")));
    upstream.stubFor(
        post("/moved").willReturn(aResponse().withStatus(308).withHeader("Location", "/here")));
    upstream.stubFor(post("/here").willReturn(okJson("{\"found\":true}")));

    Fetcher.Outcome away =
        allowing.fetch(
            new Fetcher.Request(
                "POST",
                URI.create(upstream.baseUrl() + "/search"),
                Map.of(),
                "{\"query\":\"private\"}",
                LIMITS));
    Fetcher.Outcome here =
        allowing.fetch(
            new Fetcher.Request(
                "POST",
                URI.create(upstream.baseUrl() + "/moved"),
                Map.of(),
                "{\"query\":\"same origin\"}",
                LIMITS));

    assertThat(((Fetcher.Failed) away).reason()).isEqualTo(Fetcher.Reason.BAD_REDIRECT);
    upstream.verify(0, postRequestedFor(urlEqualTo("/elsewhere")));
    assertThat(here).isInstanceOf(Fetcher.Fetched.class);
    upstream.verify(
        postRequestedFor(urlEqualTo("/here")).withRequestBody(containing("same origin")));
  }

  @Test
  void hostsOutsideTheAllowListAreNotAsked() {
    Fetcher strict = new Fetcher(LIMITS, List.of("*.acme.internal", "api.acme.com"));

    Fetcher.Outcome outcome =
        strict.fetch(
            new Fetcher.Request(
                "GET", URI.create(upstream.baseUrl() + "/tickets/1"), Map.of(), null, LIMITS));

    assertThat(((Fetcher.Failed) outcome).reason()).isEqualTo(Fetcher.Reason.DESTINATION_REFUSED);
    assertThat(strict.allowed("tickets.acme.internal")).isTrue();
    assertThat(strict.allowed("API.ACME.COM")).isTrue();
    assertThat(strict.allowed("acme.internal.evil.example")).isFalse();
    assertThat(strict.allowed("169.254.169.254")).isFalse();
    upstream.verify(0, getRequestedFor(urlEqualTo("/tickets/1")));
  }

  @Test
  void aRedirectToAnotherSchemeIsNotFollowed() {
    upstream.stubFor(
        get("/ftp")
            .willReturn(aResponse().withStatus(302).withHeader("Location", "file:///etc/passwd")));

    assertThat(((Fetcher.Failed) fetch("/ftp")).reason()).isEqualTo(Fetcher.Reason.BAD_REDIRECT);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          <html>not json</html>
          "just a string"
          42
          """)
  void aBodyThatIsNotAJsonDocumentIsRefused(String body) {
    upstream.stubFor(
        get("/html")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/html")
                    .withBody(body)));

    Fetcher.Outcome outcome = fetch("/html");

    assertThat(((Fetcher.Failed) outcome).reason()).isEqualTo(Fetcher.Reason.NOT_JSON);
    assertThat(PreviewBuilder.failureOf(TICKET, outcome).message())
        .isEqualTo("The source's answer is not JSON");
  }

  @Test
  void anUnreachableSourceIsReported() {
    Fetcher.Outcome outcome =
        fetcher.fetch(
            new Fetcher.Request(
                "GET",
                URI.create("http://127.0.0.1:1/x"),
                Map.of(),
                null,
                LIMITS,
                DestinationPolicy.of("127.0.0.1", false, List.of())));

    assertThat(outcome).isInstanceOf(Fetcher.Failed.class);
    assertThat(((Fetcher.Failed) outcome).reason())
        .isIn(Fetcher.Reason.UNREACHABLE, Fetcher.Reason.TIMEOUT);
    assertThat(((Fetcher.Failed) outcome).detail()).doesNotContain("127.0.0.1");
  }
}
