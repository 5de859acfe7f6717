package io.previewbridge.tracking.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.previewbridge.delivery.control.Deliverer;
import io.previewbridge.delivery.control.DeliveryQueued;
import io.previewbridge.delivery.control.Outbox;
import io.previewbridge.delivery.control.PreviewGone;
import io.previewbridge.delivery.entity.Delivery;
import io.previewbridge.identity.entity.Account;
import io.previewbridge.nodes.control.Nodes;
import io.previewbridge.notion.control.ConnectionRevoked;
import io.previewbridge.notion.entity.Connection;
import io.previewbridge.notion.entity.Workspace;
import io.previewbridge.platform.control.DatabaseProduct;
import io.previewbridge.platform.control.Secrets;
import io.previewbridge.sources.entity.PreviewResult;
import io.previewbridge.sources.entity.Refresh;
import io.previewbridge.testing.MutableClock;
import io.previewbridge.testing.RecordingEvent;
import io.previewbridge.tracking.entity.TrackedPreview;
import io.previewbridge.unfurl.entity.Attributes;
import io.previewbridge.unfurl.entity.Operations;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tracking loop against the real schema: unfurl, re-check, change, delivery, stop, revoke. What
 * the container adds (transactions around {@code @Transactional} methods, event delivery) is played
 * by {@link Database#inTransaction} and {@link RecordingEvent}.
 */
class PreviewTrackerTest {

  static final String URI = "https://tracker.acme.com/tickets/42";

  /** A fixed interval: the adaptive schedule has its own test ({@code PollingScheduleTest}). */
  static final Refresh REFRESH = Refresh.fixed(Duration.ofSeconds(30));

  static final Duration LEASE = Duration.ofMinutes(1);

  final MutableClock clock = new MutableClock();
  final PreviewTracker tracker = new PreviewTracker();
  final RecordingEvent<DeliveryQueued> queued = new RecordingEvent<>();
  RecordingEvent<PreviewGone> gone;
  Database db;
  Outbox outbox;
  String connectionId;

  @BeforeEach
  void setUp() {
    db = new Database();
    gone = new RecordingEvent<>(tracker::onPreviewGone);
    outbox = new Outbox(db.em, queued, gone, clock);
    tracker.em = db.em;
    tracker.outbox = outbox;
    tracker.clock = clock;
    tracker.schedule = new PollingSchedule(Duration.ofMinutes(15), 0.1, 0, () -> 0.5);
    tracker.nodes =
        new Nodes() {
          @Override
          public String name() {
            return "node-a";
          }
        };
    tracker.database =
        new DatabaseProduct() {
          @Override
          public String name() {
            return "H2";
          }
        };
    connectionId = db.inTransaction(() -> connection("jane", Connection.Status.ACTIVE));
  }

  @AfterEach
  void tearDown() {
    db.close();
  }

  String connection(String username, Connection.Status status) {
    Account account =
        new Account(username, username, username + "@acme.com", "hash", Set.of("user"), clock.now);
    db.em.persist(account);
    Workspace workspace = db.em.find(Workspace.class, "ws-1");
    if (workspace == null) {
      workspace = new Workspace("ws-1", "Team", null, clock.now);
      db.em.persist(workspace);
    }
    Connection connection =
        new Connection(account.id(), workspace, "key-" + username, username, clock.now);
    connection.connect("v1.encrypted", null, "bot", username, clock.now);
    if (status == Connection.Status.NEEDS_RECONNECT) {
      connection.needsReconnect(clock.now);
    }
    db.em.persist(connection);
    return connection.id();
  }

  static PreviewResult.Attributes attributes(String title) {
    JsonArray set =
        Json.createArrayBuilder()
            .add(
                Attributes.text(
                    "title",
                    "Title",
                    io.previewbridge.unfurl.entity.SubType.TITLE,
                    title,
                    io.previewbridge.unfurl.entity.Section.TITLE))
            .add(Attributes.dev("Acme"))
            .build();
    return new PreviewResult.Attributes(set);
  }

  void unfurl(String title) {
    db.inTransaction(
        () ->
            tracker.unfurled(connectionId, URI, "ticket", attributes(title).operations(), REFRESH));
  }

  TrackedPreview preview() {
    return db.em
        .createNamedQuery(TrackedPreview.BY_CONNECTION_AND_URI, TrackedPreview.class)
        .setParameter("connectionId", connectionId)
        .setParameter("uri", URI)
        .getSingleResult();
  }

  List<Delivery> deliveries() {
    db.em.clear();
    return db.em
        .createQuery("SELECT d FROM Delivery d ORDER BY d.createdAt", Delivery.class)
        .getResultList();
  }

  boolean check(PreviewResult result) {
    return db.inTransaction(() -> tracker.checked(preview().id(), result, REFRESH));
  }

  @Test
  void aPreviewToldToRecheckIsDueAtOnceInsteadOfAtItsNextRefresh() {
    unfurl("Login fails");
    clock.now = clock.now.plusSeconds(1);
    assertThat(db.inTransaction(() -> tracker.claimDue(10, LEASE))).isEmpty();

    assertThat(db.inTransaction(() -> tracker.recheckNow(URI))).isEqualTo(1);
    assertThat(db.inTransaction(() -> tracker.recheckNow("https://tracker.acme.com/tickets/7")))
        .isZero();

    assertThat(db.inTransaction(() -> tracker.claimDue(10, LEASE)))
        .extracting(PreviewTracker.Due::uri)
        .containsExactly(URI);
  }

  @Test
  void anUnfurlTracksTheUriOncePerConnection() {
    unfurl("v1");
    clock.now = clock.now.plusSeconds(5);
    unfurl("v2");

    TrackedPreview preview = preview();
    assertThat(preview.isActive()).isTrue();
    String ops = attributes("v2").operations().toString();
    assertThat(preview.attributes()).isEqualTo(ops);
    assertThat(preview.contentHash()).isEqualTo(Secrets.sha256(ops));
    assertThat(preview.nextCheckAt()).isEqualTo(clock.now.plus(REFRESH.base()));
    assertThat(
            db.em
                .createQuery("SELECT COUNT(p) FROM TrackedPreview p", Long.class)
                .getSingleResult())
        .isEqualTo(1);
  }

  @Test
  void noChangeNoDelivery() {
    unfurl("v1");

    assertThat(check(attributes("v1"))).isFalse();

    assertThat(deliveries()).isEmpty();
    assertThat(queued.fired).isEmpty();
  }

  @Test
  void aChangeWritesTheStateAndTheFullPatchTogether() {
    unfurl("v1");
    clock.now = clock.now.plusSeconds(31);

    assertThat(check(attributes("v2"))).isTrue();

    List<Delivery> deliveries = deliveries();
    assertThat(deliveries)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.status()).isEqualTo(Delivery.Status.PENDING);
              assertThat(d.payload())
                  .isEqualTo(Operations.body(URI, attributes("v2").operations()).toString());
              assertThat(d.payload()).contains("\"id\":\"dev\"");
              assertThat(d.nextAttemptAt()).isEqualTo(clock.now);
            });
    assertThat(queued.fired).containsExactly(new DeliveryQueued(deliveries.get(0).id()));
    assertThat(preview().attributes()).contains("v2");
    assertThat(preview().lastChangedAt()).isEqualTo(clock.now);
  }

  @Test
  void aNewerChangeSupersedesThePendingDelivery() {
    unfurl("v1");
    check(attributes("v2"));
    clock.now = clock.now.plusSeconds(1);
    check(attributes("v3"));

    assertThat(deliveries())
        .extracting(Delivery::status)
        .containsExactly(Delivery.Status.SUPERSEDED, Delivery.Status.PENDING);
  }

  @Test
  void aPassingUpstreamFailureIsNotAChange() {
    unfurl("v1");

    assertThat(check(new PreviewResult.Failure(504, "The source did not answer in time", false)))
        .isFalse();

    assertThat(deliveries()).isEmpty();
    assertThat(preview().lastError()).isEqualTo("504 The source did not answer in time");
    assertThat(preview().attributes()).contains("v1");
  }

  @Test
  void anItemThatIsGoneIsAChangeAndItsErrorIsDelivered() {
    unfurl("v1");

    assertThat(check(new PreviewResult.Failure(404, "Ticket not found", true))).isTrue();

    assertThat(deliveries())
        .singleElement()
        .extracting(Delivery::payload)
        .isEqualTo(
            "{\"uri\":\""
                + URI
                + "\",\"operations\":[{\"path\":[\"error\"],\"set\":{\"status\":404,\"message\":\"Ticket"
                + " not found\"}}]}");
    // and coming back is a change again
    assertThat(check(attributes("v1"))).isTrue();
  }

  @Test
  void notionsDeleteStopsTrackingAndDropsPendingDeliveriesIdempotently() {
    unfurl("v1");
    check(attributes("v2"));

    assertThat(db.inTransaction(() -> tracker.stop(connectionId, URI))).isTrue();
    assertThat(db.inTransaction(() -> tracker.stop(connectionId, URI))).isTrue();
    assertThat(
            db.inTransaction(
                () -> tracker.stop(connectionId, "https://tracker.acme.com/tickets/7")))
        .isFalse();

    assertThat(preview().status()).isEqualTo(TrackedPreview.Status.STOPPED);
    assertThat(deliveries())
        .extracting(Delivery::status)
        .containsExactly(Delivery.Status.SUPERSEDED);
    assertThat(check(attributes("v3"))).as("a stopped preview is not re-checked").isFalse();

    unfurl("v4");
    assertThat(preview().isActive()).as("a new unfurl reactivates it").isTrue();
  }

  @Test
  void aRevokedConnectionStopsAllItsPreviews() {
    unfurl("v1");
    db.inTransaction(
        () ->
            tracker.unfurled(
                connectionId, URI + "/other", "ticket", attributes("o").operations(), REFRESH));
    check(attributes("v2"));
    String otherConnection = db.inTransaction(() -> connection("bob", Connection.Status.ACTIVE));
    db.inTransaction(
        () ->
            tracker.unfurled(
                otherConnection, URI, "ticket", attributes("b").operations(), REFRESH));

    db.inTransaction(() -> tracker.onConnectionRevoked(new ConnectionRevoked(connectionId)));

    db.em.clear();
    assertThat(
            db.em
                .createQuery(
                    "SELECT p.connectionId, p.status FROM TrackedPreview p", Object[].class)
                .getResultList())
        .extracting(row -> row[0] + ":" + row[1])
        .containsExactlyInAnyOrder(
            connectionId + ":STOPPED", connectionId + ":STOPPED", otherConnection + ":ACTIVE");
    assertThat(deliveries())
        .extracting(Delivery::status)
        .containsExactly(Delivery.Status.SUPERSEDED);
  }

  @Test
  void aTokenOfARevokedConnectionCannotStartTracking() {
    db.inTransaction(() -> db.em.find(Connection.class, connectionId).revoke(clock.now));

    assertThatThrownBy(this::unfurl_v1).isInstanceOf(ConnectionGone.class);
  }

  void unfurl_v1() {
    unfurl("v1");
  }

  @Test
  void dueActivePreviewsAreClaimedOnce() {
    unfurl("v1");
    String waiting = db.inTransaction(() -> connection("ann", Connection.Status.NEEDS_RECONNECT));
    db.inTransaction(
        () -> tracker.unfurled(waiting, URI, "ticket", attributes("a").operations(), REFRESH));

    assertThat(db.inTransaction(() -> tracker.claimDue(10, LEASE))).isEmpty();

    clock.now = clock.now.plus(REFRESH.base());
    List<PreviewTracker.Due> due = db.inTransaction(() -> tracker.claimDue(10, LEASE));

    assertThat(due)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.connectionId()).isEqualTo(connectionId);
              assertThat(d.uri()).isEqualTo(URI);
              assertThat(d.sourceId()).isEqualTo("ticket");
              assertThat(d.accountId())
                  .isEqualTo(db.em.find(Connection.class, connectionId).accountId());
            });
    assertThat(db.inTransaction(() -> tracker.claimDue(10, LEASE)))
        .as("claimed previews are held for the lease")
        .isEmpty();
  }

  @Test
  void aClaimedCheckRecordsItsResultAndWhichNodeMadeIt() {
    unfurl("v1");
    clock.now = clock.now.plus(REFRESH.base());
    PreviewTracker.Due due = db.inTransaction(() -> tracker.claimDue(10, LEASE)).get(0);
    assertThat(preview().claimId()).isEqualTo(due.claimId());
    assertThat(preview().nextCheckAt()).as("held for the lease").isEqualTo(clock.now.plus(LEASE));

    clock.now = clock.now.plusSeconds(2);
    assertThat(
            db.inTransaction(
                () -> tracker.checked(due.previewId(), due.claimId(), attributes("v2"), REFRESH)))
        .isTrue();

    TrackedPreview checked = preview();
    assertThat(checked.checkedBy()).isEqualTo("node-a");
    assertThat(checked.claimId()).as("the claim ends with the check").isNull();
    assertThat(checked.lastCheckedAt()).isEqualTo(clock.now);
    assertThat(checked.nextCheckAt()).isEqualTo(clock.now.plus(REFRESH.base()));
    assertThat(deliveries()).hasSize(1);
  }

  /**
   * Found by the soak run on PostgreSQL: an unfurl of a link whose check was recording its result
   * on another thread failed on the preview's row version, a 500 to Notion. Every writer of a
   * preview now reads it locked, so the unfurl waits for the check's commit and writes after it.
   */
  @Test
  void anUnfurlWhileACheckOfItsLinkIsBeingRecordedWaitsForItInsteadOfFailing() throws Exception {
    unfurl("v1");
    clock.now = clock.now.plus(REFRESH.base());
    PreviewTracker.Due due = db.inTransaction(() -> tracker.claimDue(10, LEASE)).get(0);
    EntityManager otherEm = db.factory.createEntityManager();
    PreviewTracker other = new PreviewTracker();
    other.em = otherEm;
    other.outbox = new Outbox(otherEm, new RecordingEvent<>(), gone, clock);
    other.clock = clock;
    other.schedule = tracker.schedule;
    other.nodes = tracker.nodes;
    other.database = tracker.database;

    db.em.getTransaction().begin();
    assertThat(tracker.checked(due.previewId(), due.claimId(), attributes("v2"), REFRESH)).isTrue();
    db.em.flush(); // the check's UPDATE is made and holds the row; its commit is still to come
    CompletableFuture<Void> unfurl =
        CompletableFuture.runAsync(
            () -> {
              otherEm.getTransaction().begin();
              other.unfurled(connectionId, URI, "ticket", attributes("v3").operations(), REFRESH);
              otherEm.getTransaction().commit();
            });
    Thread.sleep(500); // the unfurl reads the preview meanwhile
    db.em.getTransaction().commit();
    db.em.clear();

    unfurl.get(30, TimeUnit.SECONDS);
    otherEm.close();
    assertThat(preview().attributes()).as("the unfurl wrote last").contains("v3");
    assertThat(deliveries())
        .as("the check's delivery is superseded by the unfurl's answer")
        .extracting(Delivery::status)
        .containsExactly(Delivery.Status.SUPERSEDED);
  }

  @Test
  void aCheckWhoseLeaseRanOutAndWasTakenOverRecordsNothing() {
    unfurl("v1");
    clock.now = clock.now.plus(REFRESH.base());
    PreviewTracker.Due slow = db.inTransaction(() -> tracker.claimDue(10, LEASE)).get(0);
    // the slow checker's node stalls past the lease: another check takes the preview over
    clock.now = clock.now.plus(LEASE).plusSeconds(1);
    PreviewTracker.Due takeover = db.inTransaction(() -> tracker.claimDue(10, LEASE)).get(0);
    assertThat(takeover.previewId()).isEqualTo(slow.previewId());
    assertThat(takeover.claimId()).isNotEqualTo(slow.claimId());

    assertThat(
            db.inTransaction(
                () ->
                    tracker.checked(slow.previewId(), slow.claimId(), attributes("old"), REFRESH)))
        .as("the stale result is dropped")
        .isFalse();
    assertThat(preview().attributes()).contains("v1");
    assertThat(deliveries()).isEmpty();

    assertThat(
            db.inTransaction(
                () ->
                    tracker.checked(
                        takeover.previewId(), takeover.claimId(), attributes("new"), REFRESH)))
        .isTrue();
    assertThat(preview().attributes()).contains("new");
    assertThat(deliveries())
        .singleElement()
        .extracting(Delivery::payload)
        .asString()
        .contains("new");
  }

  @Test
  void aChangeAnnouncedWhileACheckRunsKeepsThePreviewDueAfterThatCheck() {
    unfurl("v1");
    clock.now = clock.now.plus(REFRESH.base());
    PreviewTracker.Due running = db.inTransaction(() -> tracker.claimDue(10, LEASE)).get(0);
    // the check has fetched "v2"; the tracker then changes to "v3" and says so by webhook
    clock.now = clock.now.plusSeconds(1);
    db.inTransaction(() -> tracker.recheckNow(URI));
    clock.now = clock.now.plusSeconds(1);

    assertThat(
            db.inTransaction(
                () ->
                    tracker.checked(
                        running.previewId(), running.claimId(), attributes("v2"), REFRESH)))
        .as("what it found is newer than what Notion has, so it is delivered")
        .isTrue();

    assertThat(preview().nextCheckAt())
        .as("still due from the webhook, not scheduled a refresh later")
        .isBefore(clock.now);
    List<PreviewTracker.Due> next = db.inTransaction(() -> tracker.claimDue(10, LEASE));
    assertThat(next).extracting(PreviewTracker.Due::previewId).containsExactly(running.previewId());
    assertThat(
            db.inTransaction(
                () ->
                    tracker.checked(
                        next.get(0).previewId(), next.get(0).claimId(), attributes("v3"), REFRESH)))
        .isTrue();
    assertThat(preview().nextCheckAt()).isEqualTo(clock.now.plus(REFRESH.base()));
    assertThat(deliveries())
        .extracting(Delivery::status)
        .containsExactly(Delivery.Status.SUPERSEDED, Delivery.Status.PENDING);
    assertThat(deliveries().get(1).payload()).contains("v3");
  }

  @Test
  void anUnchangedCheckDuringWhichAChangeWasAnnouncedRecordsNothingAndLeavesThePreviewDue() {
    unfurl("v1");
    clock.now = clock.now.plus(REFRESH.base());
    PreviewTracker.Due running = db.inTransaction(() -> tracker.claimDue(10, LEASE)).get(0);
    clock.now = clock.now.plusSeconds(1);
    db.inTransaction(() -> tracker.recheckNow(URI));
    clock.now = clock.now.plusSeconds(1);

    assertThat(
            db.inTransaction(
                () ->
                    tracker.checkedUnchanged(
                        List.of(new PreviewTracker.Unchanged(running, REFRESH)))))
        .isZero();

    assertThat(db.inTransaction(() -> tracker.claimDue(10, LEASE)))
        .as("checked again at once, by the next batch")
        .extracting(PreviewTracker.Due::previewId)
        .containsExactly(running.previewId());
  }

  @Test
  void aClaimCarriesTheContentHashAndHowHotThePreviewIs() {
    unfurl("v1");
    java.time.Instant unfurledAt = clock.now;
    clock.now = clock.now.plus(REFRESH.base());
    PreviewTracker.Due due = db.inTransaction(() -> tracker.claimDue(10, LEASE)).get(0);

    assertThat(due.contentHash())
        .isEqualTo(preview().contentHash())
        .isEqualTo(PreviewTracker.contentHash(attributes("v1")));
    assertThat(due.lastActivityAt()).isEqualTo(unfurledAt);
    assertThat(PreviewTracker.contentHash(new PreviewResult.Failure(503, "down", false)))
        .as("a passing failure has no content of its own")
        .isNull();
  }

  @Test
  void unchangedChecksAreRecordedWithoutLoadingTheRowsAndEndTheirClaims() {
    unfurl("v1");
    db.inTransaction(
        () -> {
          preview().checkFailed("503 earlier", "node-b", clock.now);
          return null;
        });
    clock.now = clock.now.plus(REFRESH.base());
    PreviewTracker.Due due = db.inTransaction(() -> tracker.claimDue(10, LEASE)).get(0);
    db.em.clear();
    long version = preview().version();
    clock.now = clock.now.plusSeconds(2);

    int recorded =
        db.inTransaction(
            () -> tracker.checkedUnchanged(List.of(new PreviewTracker.Unchanged(due, REFRESH))));

    assertThat(recorded).isEqualTo(1);
    db.em.clear();
    TrackedPreview checked = preview();
    assertThat(checked.claimId()).as("the claim ends with the check").isNull();
    assertThat(checked.checkedBy()).isEqualTo("node-a");
    assertThat(checked.lastCheckedAt()).isEqualTo(clock.now);
    assertThat(checked.lastError()).as("a good check clears the last error").isNull();
    assertThat(checked.nextCheckAt()).isEqualTo(clock.now.plus(REFRESH.base()));
    assertThat(checked.version()).as("versioned like any write").isGreaterThan(version);
    assertThat(checked.attributes()).contains("v1");
    assertThat(deliveries()).isEmpty();
  }

  @Test
  void anUnchangedCheckRecordsNothingIfItsClaimWasLostOrTheContentChangedMeanwhile() {
    unfurl("v1");
    clock.now = clock.now.plus(REFRESH.base());
    PreviewTracker.Due slow = db.inTransaction(() -> tracker.claimDue(10, LEASE)).get(0);
    clock.now = clock.now.plus(LEASE).plusSeconds(1);
    PreviewTracker.Due takeover = db.inTransaction(() -> tracker.claimDue(10, LEASE)).get(0);

    assertThat(
            db.inTransaction(
                () ->
                    tracker.checkedUnchanged(List.of(new PreviewTracker.Unchanged(slow, REFRESH)))))
        .as("the lost claim")
        .isZero();
    db.em.clear();
    assertThat(preview().claimId()).isEqualTo(takeover.claimId());

    // an unfurl writes a newer state while the takeover's check runs
    unfurl("v2");
    assertThat(
            db.inTransaction(
                () ->
                    tracker.checkedUnchanged(
                        List.of(new PreviewTracker.Unchanged(takeover, REFRESH)))))
        .as("the content the claim read is no longer the preview's")
        .isZero();
    db.em.clear();
    assertThat(preview().attributes()).contains("v2");
  }

  @Test
  void aClaimTakesAtMostTheBatchOldestDueFirst() {
    for (int n = 0; n < 5; n++) {
      String uri = URI + "/" + n;
      db.inTransaction(
          () ->
              tracker.unfurled(connectionId, uri, "ticket", attributes(uri).operations(), REFRESH));
      clock.now = clock.now.plusSeconds(1);
    }
    clock.now = clock.now.plus(REFRESH.base());

    assertThat(db.inTransaction(() -> tracker.claimDue(3, LEASE)))
        .extracting(PreviewTracker.Due::uri)
        .containsExactly(URI + "/0", URI + "/1", URI + "/2");
    assertThat(db.inTransaction(() -> tracker.claimDue(3, LEASE)))
        .extracting(PreviewTracker.Due::uri)
        .containsExactly(URI + "/3", URI + "/4");
  }

  @Test
  void theOutboxSendsOnlyTheNewestPendingDeliveryOfAPreview() {
    unfurl("v1");
    check(attributes("v2"));
    String older = deliveries().get(0).id();
    // a second pending delivery written behind the outbox's back, as a crashed run might leave it
    db.inTransaction(
        () ->
            db.em.persist(
                new Delivery(
                    preview().id(), connectionId, URI, "{}", "h", clock.now.plusSeconds(1))));
    clock.now = clock.now.plusSeconds(2);

    List<String> due =
        db.inTransaction(() -> outbox.due(clock.now, null, 10)).stream()
            .map(Outbox.Due::deliveryId)
            .toList();
    assertThat(due).hasSize(2).startsWith(older);
    assertThat(db.inTransaction(() -> outbox.claim(older, LEASE))).isEmpty();
    var claim = db.inTransaction(() -> outbox.claim(due.get(1), LEASE));

    assertThat(claim).isPresent();
    assertThat(claim.get().encryptedNotionToken()).isEqualTo("v1.encrypted");
    assertThat(deliveries())
        .extracting(Delivery::status)
        .containsExactly(Delivery.Status.SUPERSEDED, Delivery.Status.PENDING);
    assertThat(db.inTransaction(() -> outbox.due(clock.now, null, 10)))
        .as("claimed for the lease")
        .isEmpty();
  }

  @Test
  void aNewerStateWaitsWhileAnOlderAttemptOfThePreviewIsOnItsWayFromAnyNode() {
    unfurl("v1");
    check(attributes("v2"));
    String older = deliveries().get(0).id();
    assertThat(db.inTransaction(() -> outbox.claim(older, LEASE))).isPresent();
    // while that PATCH is on its way (from this node or another), the ticket changes again
    check(attributes("v3"));
    String newer = deliveries().get(1).id();

    assertThat(db.inTransaction(() -> outbox.claim(newer, LEASE)))
        .as("not sent beside the older state")
        .isEmpty();
    assertThat(db.em.find(Delivery.class, newer).nextAttemptAt())
        .isEqualTo(clock.now.plus(Duration.ofMillis(200)));
    clock.now = clock.now.plusSeconds(1);
    assertThat(db.inTransaction(() -> outbox.claim(newer, LEASE))).isEmpty();

    db.inTransaction(() -> outbox.record(older, new Deliverer.Delivered(200)));
    clock.now = clock.now.plusSeconds(2); // the next delivery run
    assertThat(db.inTransaction(() -> outbox.claim(newer, LEASE)))
        .as("goes once the older attempt is over")
        .isPresent();
  }

  @Test
  void anAttemptWhoseSenderDiedStopsHoldingTheNewerStateWhenItsLeaseEnds() {
    unfurl("v1");
    check(attributes("v2"));
    String older = deliveries().get(0).id();
    assertThat(db.inTransaction(() -> outbox.claim(older, LEASE))).isPresent();
    check(attributes("v3"));
    String newer = deliveries().get(1).id();
    assertThat(db.inTransaction(() -> outbox.claim(newer, LEASE))).isEmpty();

    clock.now = clock.now.plus(LEASE).plusSeconds(1);

    assertThat(db.inTransaction(() -> outbox.claim(newer, LEASE))).isPresent();
    assertThat(db.em.find(Delivery.class, older).inFlightUntil())
        .as("the dead attempt is cleared")
        .isNull();
  }

  @Test
  void notionAnswering404StopsTrackingThePreview() {
    unfurl("v1");
    check(attributes("v2"));
    String id = deliveries().get(0).id();

    db.inTransaction(
        () ->
            outbox.record(
                id,
                new Deliverer.Failed(
                    404, "Could not find external object", Deliverer.Consequence.STOP_TRACKING)));

    assertThat(gone.fired)
        .singleElement()
        .extracting(PreviewGone::trackedPreviewId)
        .isEqualTo(preview().id());
    assertThat(preview().status()).isEqualTo(TrackedPreview.Status.STOPPED);
    assertThat(deliveries())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.status()).isEqualTo(Delivery.Status.FAILED);
              assertThat(d.lastError()).isEqualTo("Could not find external object");
            });
  }

  @Test
  void notionAnswering401MarksTheConnection() {
    unfurl("v1");
    check(attributes("v2"));
    String id = deliveries().get(0).id();

    db.inTransaction(
        () ->
            outbox.record(
                id,
                new Deliverer.Failed(
                    401, "API token is invalid.", Deliverer.Consequence.RECONNECT)));

    db.em.clear();
    assertThat(db.em.find(Connection.class, connectionId).status())
        .isEqualTo(Connection.Status.NEEDS_RECONNECT);
  }
}
