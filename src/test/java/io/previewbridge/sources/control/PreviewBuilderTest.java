package io.previewbridge.sources.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.previewbridge.sources.entity.PreviewResult;
import io.previewbridge.sources.entity.Requester;
import io.previewbridge.unfurl.entity.AttributeValidator;
import jakarta.json.Json;
import jakarta.json.JsonStructure;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PreviewBuilderTest {

  /** A fetcher that records requests and answers what the test says. */
  static class FakeFetcher extends Fetcher {
    final List<Request> requests = new ArrayList<>();
    Outcome answer;

    FakeFetcher() {
      super(new Limits(Duration.ofSeconds(2), Duration.ofSeconds(5), 1000, 3));
    }

    FakeFetcher answering(String json) {
      answer = new Fetched((JsonStructure) Json.createReader(new StringReader(json)).readValue());
      return this;
    }

    @Override
    public Outcome fetch(Request request) {
      requests.add(request);
      return answer;
    }
  }

  static final String SOURCES =
      """
{"developerName":"Acme Inc","sources":[{"id":"ticket",
  "pattern":"^https://tracker\\\\.acme\\\\.com/(?<project>[^/]+)/tickets/(?<num>\\\\d+)$",
  "samples":["https://tracker.acme.com/web/tickets/42"],
  "fetch":{"url":"https://api.acme.internal/{project}/tickets/{num}?as={account:username}",
           "headers":{"Authorization":"Bearer {config:acme.api-token}","X-User":"{account:email}"},
           "readTimeout":"PT1S"},
  "attributes":[
    {"id":"title","type":"title","value":"{/title}"},
    {"id":"state","name":"State","type":"enum","value":"{/state}","section":"primary","colors":{"open":"#1f883d"}},
    {"id":"number","name":"Ticket","type":"plain_text","value":"#{num}","section":"identifier"},
    {"id":"owner","name":"Owner","type":"image","value":"{/owner/avatar_url}","section":"avatar"}],
  "errors":{"404":"Ticket not found","451":"Legal hold"}}]}
""";

  static final Requester JANE = new Requester("acc-1", "jane", "jane@acme.com");

  FakeFetcher fetcher = new FakeFetcher();
  SourceRegistry registry = new SourceRegistry();
  PreviewBuilder builder;

  PreviewBuilderTest() {
    Map<String, String> config =
        Map.of("acme.api-token", "t0k3n", SourcesConfig.LISTED, "acme.api-token");
    registry.load(SOURCES, "test", Optional.empty(), k -> Optional.ofNullable(config.get(k)));
    builder = new PreviewBuilder(fetcher, registry, k -> Optional.ofNullable(config.get(k)));
  }

  PreviewResult build(String uri, Requester requester) {
    return builder.build(registry.match(uri).orElseThrow(), requester);
  }

  @Test
  void fetchCarriesGroupsConfigAndAccount() {
    fetcher.answering("{\"title\":\"T\"}");

    build("https://tracker.acme.com/web/tickets/42", JANE);

    Fetcher.Request request = fetcher.requests.get(0);
    assertThat(request.url()).hasToString("https://api.acme.internal/web/tickets/42?as=jane");
    assertThat(request.headers())
        .containsEntry("Authorization", "Bearer t0k3n")
        .containsEntry("X-User", "jane@acme.com");
    assertThat(request.limits().readTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(request.limits().connectTimeout()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void valuesFromTheLinkCannotReshapeTheFetchUrl() {
    fetcher.answering("{\"title\":\"T\"}");

    build(
        "https://tracker.acme.com/a@evil.example#x/tickets/42",
        new Requester("1", "j d&x=1", "j@acme.com"));

    assertThat(fetcher.requests.get(0).url())
        .hasToString("https://api.acme.internal/a%40evil.example%23x/tickets/42?as=j%20d%26x%3D1");
    assertThat(fetcher.requests.get(0).url().getHost()).isEqualTo("api.acme.internal");
  }

  @Test
  void aMissingAccountDetailNeededByTheFetchIsAnErrorNotAHalfRequest() {
    PreviewResult result =
        build("https://tracker.acme.com/web/tickets/42", new Requester("1", "jane", null));

    assertThat(fetcher.requests).isEmpty();
    assertThat(result).isInstanceOf(PreviewResult.Failure.class);
    assertThat(((PreviewResult.Failure) result).definitive()).isFalse();
  }

  @Test
  void attributesAreMappedDevIsAddedMissingOnesLeftOut() {
    fetcher.answering("{\"title\":\"Login fails\",\"state\":\"open\",\"owner\":null}");

    PreviewResult result = build("https://tracker.acme.com/web/tickets/42", JANE);

    assertThat(result).isInstanceOf(PreviewResult.Attributes.class);
    var attributes = ((PreviewResult.Attributes) result).attributes();
    assertThat(AttributeValidator.validate(attributes)).isEmpty();
    assertThat(attributes.toString())
        .isEqualTo(
            "[{\"id\":\"title\",\"name\":\"Title\",\"type\":\"inline\",\"inline\":{\"title\":{\"value\":\"Login"
                + " fails\",\"section\":\"title\"}}},"
                + "{\"id\":\"state\",\"name\":\"State\",\"type\":\"inline\",\"inline\":{\"enum\":{\"value\":\"open\",\"color\":{\"r\":31,\"g\":136,\"b\":61},\"section\":\"primary\"}}},"
                + "{\"id\":\"number\",\"name\":\"Ticket\",\"type\":\"inline\",\"inline\":{\"plain_text\":{\"value\":\"#42\",\"section\":\"identifier\"}}},{\"id\":\"dev\",\"name\":\"Developer"
                + " Name\",\"type\":\"inline\",\"inline\":{\"plain_text\":{\"value\":\"Acme"
                + " Inc\",\"section\":\"secondary\"}}}]");
  }

  @Test
  void aMissingTitleIsAnError() {
    fetcher.answering("{\"state\":\"open\"}");

    PreviewResult result = build("https://tracker.acme.com/web/tickets/42", JANE);

    assertThat(result)
        .isEqualTo(
            new PreviewResult.Failure(
                502, "The source's answer has no title for this item", false));
  }

  @ParameterizedTest(name = "upstream {0} -> {1} {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          404 | 404 | Ticket not found                      | true
          403 | 403 | You do not have access to this item   | true
          410 | 410 | This item has been deleted            | true
          451 | 451 | Legal hold                            | true
          500 | 502 | The source had an internal error     | false
          401 | 502 | PreviewBridge could not sign in to the source | false
          429 | 502 | The source is busy (too many requests); try again shortly | false
          504 | 504 | The source's own upstream did not answer in time | false
          418 | 502 | The source refused the request for this item (HTTP 418) | false
          599 | 502 | The source had an error (HTTP 599)   | false
          """)
  void upstreamStatusesBecomeErrorOperations(
      int upstream, int status, String message, boolean definitive) {
    fetcher.answer = new Fetcher.UpstreamStatus(upstream);

    PreviewResult result = build("https://tracker.acme.com/web/tickets/42", JANE);

    assertThat(result).isEqualTo(new PreviewResult.Failure(status, message, definitive));
    assertThat(result.operations().toString())
        .isEqualTo(
            "[{\"path\":[\"error\"],\"set\":{\"status\":"
                + status
                + ",\"message\":\""
                + message
                + "\"}}]");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "TIMEOUT, 504",
    "TOO_LARGE, 502",
    "NOT_JSON, 502",
    "TOO_MANY_REDIRECTS, 502",
    "BAD_REDIRECT, 502",
    "DESTINATION_REFUSED, 502",
    "UNREACHABLE, 502"
  })
  void fetchFailuresArePassingErrors(Fetcher.Reason reason, int status) {
    fetcher.answer = new Fetcher.Failed(reason, "detail");

    PreviewResult result = build("https://tracker.acme.com/web/tickets/42", JANE);

    assertThat(result).isInstanceOf(PreviewResult.Failure.class);
    assertThat(((PreviewResult.Failure) result).status()).isEqualTo(status);
    assertThat(((PreviewResult.Failure) result).definitive()).isFalse();
  }

  @Test
  void postBodiesEscapeLinkValues() {
    assertThat(
            PreviewBuilder.jsonEncoding(new io.previewbridge.sources.entity.Template.Group("x"))
                .apply("a\"b\\c"))
        .isEqualTo("a\\\"b\\\\c");
  }
}
