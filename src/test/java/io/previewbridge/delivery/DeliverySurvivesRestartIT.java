package io.previewbridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.previewbridge.testing.AcmeTracker;
import io.previewbridge.testing.NotionPlayer;
import io.previewbridge.testing.PayaraMicroProcess;
import io.previewbridge.testing.PostgresRig;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The acceptance point "a push that failed is not lost when the server restarts", as a
 * system test: the built WAR on a real Payara Micro process on a real PostgreSQL, started the way
 * server-config/ tells an admin to, with WireMock as Notion and as the company's ticket tracker
 * ({@link PostgresRig}).
 *
 * <p>Notion answers every PATCH with 503 while two tickets change (one of them twice), so their
 * deliveries wait in the outbox; the server is then killed with SIGKILL (no shutdown, nothing
 * flushed) and started again on the same database while Notion accepts again. Each preview must
 * then reach Notion exactly once, with its newest state and the full attribute set, and nothing
 * older after it. {@link ManyDeliveriesSurviveRestartIT} does the same with fifty previews.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeliverySurvivesRestartIT {

  static final Duration DELIVERY_AFTER_RESTART = Duration.ofMinutes(3);

  static final int A = 71;
  static final int B = 72;

  PostgresRig rig;

  /** On failure, the end of each run's server log, so a CI failure explains itself. */
  @RegisterExtension final TestWatcher logOnFailure = PostgresRig.logsOnFailure(() -> rig);

  @BeforeAll
  void startPeersAndDatabase() throws Exception {
    rig = new PostgresRig("delivery-survives-restart", Map.of());
  }

  @AfterAll
  void stopEverything() throws InterruptedException {
    rig.close();
  }

  @Test
  void aPushThatFailedIsDeliveredWithTheNewestStateAfterAKillAndRestart() throws Exception {
    StubMapping notionDown = rig.notionDown();
    rig.tracker.ticket(A, "Checkout times out", "open");
    rig.tracker.ticket(B, "Search ignores accents", "open");

    PayaraMicroProcess first = rig.start();
    NotionPlayer.Tokens tokens = rig.connect(first);
    assertThat(PostgresRig.title(rig.unfurl(first, tokens.accessToken(), AcmeTracker.uri(A))))
        .isEqualTo("Checkout times out");
    assertThat(PostgresRig.title(rig.unfurl(first, tokens.accessToken(), AcmeTracker.uri(B))))
        .isEqualTo("Search ignores accents");

    // Both tickets change while Notion is down: each push is tried and refused.
    rig.tracker.ticket(A, "Checkout times out (investigating)", "open");
    rig.tracker.ticket(B, "Search ignores accents (fixed)", "closed");
    awaitRefusedPatch(AcmeTracker.uri(A), "Checkout times out (investigating)");
    awaitRefusedPatch(AcmeTracker.uri(B), "Search ignores accents (fixed)");

    // A changes once more: its newest state replaces the older one in the outbox.
    rig.tracker.ticket(A, "Checkout times out (fix deployed)", "closed");
    awaitRefusedPatch(AcmeTracker.uri(A), "Checkout times out (fix deployed)");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(rig.pendingTitles())
                    .as("pending deliveries before the kill")
                    .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                            AcmeTracker.uri(A), "Checkout times out (fix deployed)",
                            AcmeTracker.uri(B), "Search ignores accents (fixed)")));

    rig.kill(first);
    assertThat(rig.pendingTitles()).as("the outbox after the kill").hasSize(2);

    // Notion is back; only what is sent from now on counts.
    rig.notionBack(notionDown);

    PayaraMicroProcess second = rig.start();
    assertThat(second.port()).isEqualTo(first.port());
    await()
        .atMost(DELIVERY_AFTER_RESTART)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              assertThat(rig.patchesFor(AcmeTracker.uri(A))).isNotEmpty();
              assertThat(rig.patchesFor(AcmeTracker.uri(B))).isNotEmpty();
            });
    // Long enough for several delivery and change-detection runs to send anything left over.
    Thread.sleep(Duration.ofSeconds(10).toMillis());

    assertDeliveredOnce(AcmeTracker.uri(A), "Checkout times out (fix deployed)", "closed");
    assertDeliveredOnce(AcmeTracker.uri(B), "Search ignores accents (fixed)", "closed");
    assertThat(rig.patchesContaining("(investigating)"))
        .as("the intermediate state of A is never sent after the restart")
        .isEmpty();
    assertThat(rig.pendingTitles()).as("nothing left pending").isEmpty();
    assertThat(rig.deliveredUris())
        .containsExactlyInAnyOrder(AcmeTracker.uri(A), AcmeTracker.uri(B));
  }

  void assertDeliveredOnce(String uri, String title, String state) {
    List<LoggedRequest> patches = rig.patchesFor(uri);
    assertThat(patches).as("PATCHes for %s after the restart", uri).hasSize(1);
    LoggedRequest patch = patches.get(0);
    assertThat(patch.getHeader("Authorization"))
        .as("the connection's Notion token, decrypted after the restart")
        .isEqualTo("Bearer " + PostgresRig.NOTION_TOKEN);
    JsonObject body = PostgresRig.parse(patch.getBodyAsString());
    assertThat(body.getString("uri")).isEqualTo(uri);
    Map<String, String> attributes = PostgresRig.attributes(body);
    assertThat(attributes)
        .containsOnlyKeys("title", "dev", "state", "updated", "number", "body")
        .containsEntry("title", title)
        .containsEntry("state", state)
        .containsEntry("dev", PostgresRig.DEVELOPER)
        .containsEntry("body", "Reported by support.");
  }

  void awaitRefusedPatch(String uri, String title) {
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> rig.patchesFor(uri).stream().anyMatch(p -> title.equals(PostgresRig.title(p))));
  }
}
