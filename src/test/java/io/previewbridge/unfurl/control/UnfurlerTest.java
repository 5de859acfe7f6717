package io.previewbridge.unfurl.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.previewbridge.sources.control.PreviewBuilder;
import io.previewbridge.sources.control.RequesterLookup;
import io.previewbridge.sources.control.SourceRegistry;
import io.previewbridge.sources.entity.PreviewResult;
import io.previewbridge.sources.entity.Refresh;
import io.previewbridge.sources.entity.Requester;
import io.previewbridge.sources.entity.Source;
import io.previewbridge.tracking.control.PreviewTracker;
import io.previewbridge.unfurl.entity.Attributes;
import io.previewbridge.unfurl.entity.Section;
import io.previewbridge.unfurl.entity.SubType;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UnfurlerTest {

  record Tracked(
      String connectionId, String uri, String sourceId, String operations, Duration refresh) {}

  final List<Tracked> tracked = new ArrayList<>();
  final List<Requester> askedFor = new ArrayList<>();
  PreviewResult nextResult;
  int insertRacesToLose;
  final Unfurler unfurler = new Unfurler();

  @BeforeEach
  void setUp() {
    SourceRegistry registry =
        SourceRegistry.of(
            """
{"developerName":"Example Co","sources":[{"id":"ticket","pattern":"^https://svc\\\\.example/tickets/(?<num>\\\\d+)$",
  "samples":["https://svc.example/tickets/4821"],"refresh":"PT45S",
  "attributes":[{"id":"title","type":"title","value":"Ticket {num}"}]}]}
""",
            Optional.empty(),
            k -> Optional.empty());
    unfurler.registry = registry;
    unfurler.builder =
        new PreviewBuilder() {
          @Override
          public PreviewResult build(Source.Match match, Requester requester) {
            askedFor.add(requester);
            return nextResult;
          }
        };
    unfurler.tracker =
        new PreviewTracker() {
          @Override
          public void unfurled(
              String connectionId,
              String uri,
              String sourceId,
              JsonArray operations,
              Refresh refresh) {
            if (insertRacesToLose-- > 0) {
              throw new jakarta.persistence.PersistenceException("unique constraint violated");
            }
            tracked.add(
                new Tracked(connectionId, uri, sourceId, operations.toString(), refresh.base()));
          }
        };
    unfurler.requesters =
        new RequesterLookup() {
          @Override
          public Requester of(String accountId, String username) {
            return new Requester(accountId, username, username + "@svc.example");
          }
        };
  }

  @Test
  void aLinkNoSourceKnowsIsAnsweredWithNotionsErrorOperationAndNotTracked() {
    var answer = unfurler.unfurl("conn-1", "acc-1", "jane", "https://elsewhere.example/x");

    assertThat(answer.toString())
        .isEqualTo(
            "{\"uri\":\"https://elsewhere.example/x\",\"operations\":[{\"path\":[\"error\"],\"set\":{\"status\":404,\"message\":\"No"
                + " preview is available for this link\"}}]}");
    assertThat(tracked).isEmpty();
  }

  @Test
  void aKnownLinkIsAnsweredWithItsAttributesAndTrackedWithTheSourcesRefresh() {
    JsonArray set =
        Json.createArrayBuilder()
            .add(
                Attributes.text(
                    "title", "Title", SubType.TITLE, "Login fails on Safari", Section.TITLE))
            .add(Attributes.dev("Example Co"))
            .build();
    nextResult = new PreviewResult.Attributes(set);

    var answer = unfurler.unfurl("conn-1", "acc-1", "jane", "https://svc.example/tickets/4821");

    String expectedOperations =
        "[{\"path\":[\"attributes\"],\"set\":[{\"id\":\"title\",\"name\":\"Title\",\"type\":\"inline\",\"inline\":{\"title\":{\"value\":\"Login"
            + " fails on Safari\",\"section\":\"title\"}}},{\"id\":\"dev\",\"name\":\"Developer"
            + " Name\",\"type\":\"inline\",\"inline\":{\"plain_text\":{\"value\":\"Example"
            + " Co\",\"section\":\"secondary\"}}}]}]";
    assertThat(answer.toString())
        .isEqualTo(
            "{\"uri\":\"https://svc.example/tickets/4821\",\"operations\":"
                + expectedOperations
                + "}");
    assertThat(tracked)
        .containsExactly(
            new Tracked(
                "conn-1",
                "https://svc.example/tickets/4821",
                "ticket",
                expectedOperations,
                Duration.ofSeconds(45)));
    assertThat(askedFor).containsExactly(new Requester("acc-1", "jane", "jane@svc.example"));
  }

  @Test
  void anUpstreamErrorIsAnsweredAndTrackedSoThatRecoveryIsPushed() {
    nextResult = new PreviewResult.Failure(504, "The source did not answer in time", false);

    var answer = unfurler.unfurl("conn-1", "acc-1", "jane", "https://svc.example/tickets/7");

    assertThat(answer.getJsonArray("operations").getJsonObject(0).getJsonObject("set").toString())
        .isEqualTo("{\"status\":504,\"message\":\"The source did not answer in time\"}");
    assertThat(tracked).hasSize(1);
  }

  @Test
  void aConcurrentUnfurlOfTheSameLinkIsRetriedOnce() {
    nextResult = new PreviewResult.Failure(404, "Ticket not found", true);
    insertRacesToLose = 1;

    unfurler.unfurl("conn-1", "acc-1", "jane", "https://svc.example/tickets/7");

    assertThat(tracked).hasSize(1);
  }
}
