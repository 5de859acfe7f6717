package io.previewbridge.sources.fetch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.previewbridge.sources.control.DestinationPolicy;
import io.previewbridge.sources.control.Fetcher;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ETag and Last-Modified: the second fetch asks conditionally and a 304 reuses the body. */
class ConditionalRequestTest {

  static WireMockServer upstream;

  static final Fetcher.Limits LIMITS =
      new Fetcher.Limits(Duration.ofSeconds(1), Duration.ofSeconds(2), 10_000, 2);

  final Fetcher fetcher = new Fetcher(LIMITS);

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

  Fetcher.Outcome fetch(String path, Map<String, String> headers) {
    return fetcher.fetch(
        new Fetcher.Request(
            "GET",
            URI.create(upstream.baseUrl() + path),
            headers,
            null,
            LIMITS,
            DestinationPolicy.of("localhost", false, List.of())));
  }

  @Test
  void anEtagIsSentBackAndA304ReusesTheLastBody() {
    upstream.stubFor(
        get("/t/1")
            .withHeader("If-None-Match", absent())
            .willReturn(okJson("{\"title\":\"First\"}").withHeader("ETag", "\"v1\"")));
    upstream.stubFor(
        get("/t/1")
            .withHeader("If-None-Match", equalTo("\"v1\""))
            .willReturn(aResponse().withStatus(304)));

    Fetcher.Outcome first = fetch("/t/1", Map.of());
    Fetcher.Outcome second = fetch("/t/1", Map.of());

    assertThat(((Fetcher.Fetched) second).json()).isEqualTo(((Fetcher.Fetched) first).json());
    upstream.verify(2, getRequestedFor(urlEqualTo("/t/1")));
    upstream.verify(
        1, getRequestedFor(urlEqualTo("/t/1")).withHeader("If-None-Match", equalTo("\"v1\"")));
  }

  @Test
  void lastModifiedIsSentBackAsIfModifiedSince() {
    String date = "Wed, 21 Oct 2026 07:28:00 GMT";
    upstream.stubFor(
        get("/t/2").willReturn(okJson("{\"title\":\"Dated\"}").withHeader("Last-Modified", date)));

    fetch("/t/2", Map.of());
    fetch("/t/2", Map.of());

    upstream.verify(
        1, getRequestedFor(urlEqualTo("/t/2")).withHeader("If-Modified-Since", equalTo(date)));
  }

  @Test
  void aChangedAnswerReplacesTheRememberedOne() {
    upstream.stubFor(
        get("/t/3").willReturn(okJson("{\"title\":\"Old\"}").withHeader("ETag", "\"a\"")));
    fetch("/t/3", Map.of());
    upstream.stubFor(
        get("/t/3").willReturn(okJson("{\"title\":\"New\"}").withHeader("ETag", "\"b\"")));

    Fetcher.Outcome changed = fetch("/t/3", Map.of());
    fetch("/t/3", Map.of());

    assertThat(((Fetcher.Fetched) changed).json().toString()).contains("New");
    upstream.verify(
        1, getRequestedFor(urlEqualTo("/t/3")).withHeader("If-None-Match", equalTo("\"b\"")));
  }

  @Test
  void anotherAccountsRequestIsNeverAnsweredFromTheRememberedBody() {
    upstream.stubFor(
        get("/t/4")
            .withHeader("Authorization", equalTo("Bearer alice"))
            .willReturn(okJson("{\"title\":\"Alice's\"}").withHeader("ETag", "\"x\"")));
    upstream.stubFor(
        get("/t/4")
            .withHeader("Authorization", equalTo("Bearer bob"))
            .willReturn(aResponse().withStatus(403)));

    fetch("/t/4", Map.of("Authorization", "Bearer alice"));
    Fetcher.Outcome bob = fetch("/t/4", Map.of("Authorization", "Bearer bob"));

    assertThat(bob).isEqualTo(new Fetcher.UpstreamStatus(403));
    upstream.verify(
        getRequestedFor(urlEqualTo("/t/4"))
            .withHeader("Authorization", equalTo("Bearer bob"))
            .withHeader("If-None-Match", absent()));
  }

  @Test
  void withoutValidatorsEveryFetchIsUnconditional() {
    upstream.stubFor(get("/t/5").willReturn(okJson("{\"title\":\"Plain\"}")));

    fetch("/t/5", Map.of());
    fetch("/t/5", Map.of());

    upstream.verify(
        2,
        getRequestedFor(urlEqualTo("/t/5"))
            .withHeader("If-None-Match", absent())
            .withHeader("If-Modified-Since", absent()));
  }
}
