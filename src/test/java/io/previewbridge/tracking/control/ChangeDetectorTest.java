package io.previewbridge.tracking.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.previewbridge.sources.control.PreviewBuilder;
import io.previewbridge.sources.control.RequesterLookup;
import io.previewbridge.sources.control.SourceRegistry;
import io.previewbridge.sources.entity.PreviewResult;
import io.previewbridge.sources.entity.Refresh;
import io.previewbridge.sources.entity.Requester;
import io.previewbridge.sources.entity.Source;
import io.previewbridge.unfurl.entity.Attributes;
import jakarta.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChangeDetectorTest {

  final List<PreviewTracker.Due> due = new ArrayList<>();
  final List<String> checked = new ArrayList<>();
  final List<String> impossible = new ArrayList<>();
  final List<Requester> fetchedAs = new ArrayList<>();
  final List<String> unchanged = new ArrayList<>();
  int unchangedCalls;
  final ChangeDetector detector = new ChangeDetector();
  boolean failedOnce;

  @BeforeEach
  void setUp() {
    detector.lease = Duration.ofMinutes(1);
    detector.registry =
        SourceRegistry.of(
            """
            {"developerName":"Acme","sources":[{"id":"ticket","pattern":"^https://t\\\\.example/(?<num>\\\\d+)$",
              "samples":["https://t.example/1"],"refresh":"PT7S","attributes":[{"id":"title","type":"title","value":"#{num}"}]}]}
            """,
            Optional.empty(),
            k -> Optional.empty());
    detector.requesters =
        new RequesterLookup() {
          @Override
          public Requester byAccountId(String accountId) {
            return new Requester(accountId, "user-" + accountId, null);
          }
        };
    detector.builder =
        new PreviewBuilder() {
          @Override
          public PreviewResult build(Source.Match match, Requester requester) {
            fetchedAs.add(requester);
            return new PreviewResult.Failure(404, "gone " + match.groups().get("num"), true);
          }
        };
    detector.tracker =
        new PreviewTracker() {
          @Override
          public List<Due> claimDue(int batchSize, Duration lease) {
            return due.subList(0, Math.min(batchSize, due.size()));
          }

          @Override
          public boolean checked(
              String previewId, String claimId, PreviewResult result, Refresh refresh) {
            checked.add(
                previewId
                    + " "
                    + claimId
                    + " "
                    + ((PreviewResult.Failure) result).message()
                    + " "
                    + refresh.base());
            return true;
          }

          @Override
          public int checkedUnchanged(List<Unchanged> checks) {
            checks.forEach(
                c ->
                    unchanged.add(
                        c.due().previewId() + " " + c.due().claimId() + " " + c.refresh().base()));
            unchangedCalls++;
            return checks.size();
          }

          @Override
          public void checkImpossible(
              String previewId, String claimId, String reason, Duration retryIn) {
            impossible.add(previewId + ": " + reason);
          }
        };
  }

  static PreviewResult attributes(String developer) {
    return new PreviewResult.Attributes(
        Json.createArrayBuilder().add(Attributes.dev(developer)).build());
  }

  static PreviewTracker.Due due(
      String id, String connection, String account, String uri, String source) {
    return new PreviewTracker.Due(
        id, "claim-" + id, connection, account, uri, source, "hash-before", Instant.EPOCH);
  }

  @Test
  void duePreviewsAreRebuiltAsTheirAccountAndRecordedWithTheSourcesRefresh() {
    due.add(due("p1", "c1", "acc-1", "https://t.example/5", "ticket"));
    due.add(due("p2", "c2", "acc-2", "https://t.example/6", "ticket"));

    assertThat(detector.checkDue(10)).isEqualTo(new ChangeDetector.Batch(2, 2));

    assertThat(checked).containsExactly("p1 claim-p1 gone 5 PT7S", "p2 claim-p2 gone 6 PT7S");
    assertThat(fetchedAs)
        .extracting(Requester::username)
        .containsExactly("user-acc-1", "user-acc-2");
  }

  @Test
  void aPreviewWhoseSourceWasRemovedOrNoLongerMatchesIsNotFetched() {
    due.add(due("p1", "c1", "acc-1", "https://t.example/5", "wiki"));
    due.add(due("p2", "c1", "acc-1", "https://t.example/abc", "ticket"));

    assertThat(detector.checkDue(10)).isEqualTo(new ChangeDetector.Batch(2, 0));

    assertThat(fetchedAs).isEmpty();
    assertThat(impossible)
        .containsExactly(
            "p1: source wiki is no longer configured",
            "p2: the uri no longer matches the pattern of source ticket");
  }

  @Test
  void oneFailingCheckDoesNotStopTheBatch() {
    due.add(due("p1", "c1", "acc-1", "https://t.example/5", "ticket"));
    due.add(due("p2", "c1", "acc-1", "https://t.example/6", "ticket"));
    detector.requesters =
        new RequesterLookup() {
          @Override
          public Requester byAccountId(String accountId) {
            if (!failedOnce) {
              failedOnce = true;
              throw new IllegalStateException("database hiccup");
            }
            return new Requester(accountId, "u", null);
          }
        };

    assertThat(detector.checkDue(10)).isEqualTo(new ChangeDetector.Batch(2, 1));
    assertThat(checked).containsExactly("p2 claim-p2 gone 6 PT7S");
  }

  @Test
  void resultsNotionAlreadyHasAreRecordedTogetherAtTheEndOfTheLaneAndChangesAtOnce() {
    PreviewResult same = attributes("Same");
    String sameHash = PreviewTracker.contentHash(same);
    PreviewResult passing = new PreviewResult.Failure(503, "down", false);
    Map<String, PreviewResult> answers =
        Map.of("5", same, "6", attributes("New"), "7", same, "8", passing);
    detector.builder =
        new PreviewBuilder() {
          @Override
          public PreviewResult build(Source.Match match, Requester requester) {
            fetchedAs.add(requester);
            return answers.get(match.groups().get("num"));
          }
        };
    for (String n : List.of("5", "6", "7", "8")) {
      due.add(
          new PreviewTracker.Due(
              "p" + n,
              "claim-p" + n,
              "c1",
              "acc-1",
              "https://t.example/" + n,
              "ticket",
              sameHash,
              Instant.EPOCH));
    }
    List<String> recordedOneByOne = new ArrayList<>();
    PreviewTracker inner = detector.tracker;
    detector.tracker =
        new PreviewTracker() {
          @Override
          public List<Due> claimDue(int batchSize, Duration lease) {
            return inner.claimDue(batchSize, lease);
          }

          @Override
          public boolean checked(
              String previewId, String claimId, PreviewResult result, Refresh refresh) {
            recordedOneByOne.add(previewId);
            return result instanceof PreviewResult.Attributes;
          }

          @Override
          public int checkedUnchanged(List<Unchanged> checks) {
            return inner.checkedUnchanged(checks);
          }
        };

    assertThat(detector.checkDue(10)).isEqualTo(new ChangeDetector.Batch(4, 1));

    assertThat(recordedOneByOne)
        .as("the change and the passing failure")
        .containsExactly("p6", "p8");
    assertThat(unchanged).containsExactly("p5 claim-p5 PT7S", "p7 claim-p7 PT7S");
    assertThat(unchangedCalls).as("one transaction for the lane").isEqualTo(1);
    assertThat(fetchedAs).hasSize(4);
  }

  @Test
  void aLaneLooksUpEachAccountOnce() {
    due.add(due("p1", "c1", "acc-1", "https://t.example/5", "ticket"));
    due.add(due("p2", "c1", "acc-1", "https://t.example/6", "ticket"));
    due.add(due("p3", "c2", "acc-2", "https://t.example/7", "ticket"));
    List<String> lookups = new ArrayList<>();
    detector.requesters =
        new RequesterLookup() {
          @Override
          public Requester byAccountId(String accountId) {
            lookups.add(accountId);
            return new Requester(accountId, "u", null);
          }
        };

    detector.checkDue(10);

    assertThat(lookups).containsExactly("acc-1", "acc-2");
    assertThat(fetchedAs).extracting(Requester::id).containsExactly("acc-1", "acc-1", "acc-2");
  }
}
