package io.previewbridge.delivery.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.previewbridge.delivery.entity.Delivery;
import io.previewbridge.notion.control.NotionClient;
import io.previewbridge.notion.entity.Connection;
import io.previewbridge.notion.entity.Workspace;
import io.previewbridge.platform.control.TokenCipher;
import io.previewbridge.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One timer run of {@link Deliverer#deliverDue}: which due deliveries it claims and sends when some
 * connections run out of permits. (The paging queries themselves run on H2 and PostgreSQL in {@code
 * RepositoryContract}; the claim rules in {@code PreviewTrackerTest}.)
 */
class DelivererRunTest {

  /**
   * The outbox as a run sees it: due deliveries in the order of the real query (next attempt, then
   * id), claims counted, holds move a delivery's next attempt, a recorded outcome ends it.
   */
  static class QueueOutbox extends Outbox {
    final Map<String, Delivery> pending = new LinkedHashMap<>();
    final Map<String, Instant> nextAttempt = new LinkedHashMap<>();
    final Map<String, Connection> connections = new LinkedHashMap<>();
    final List<String> claimed = new ArrayList<>();
    final List<String> held = new ArrayList<>();
    int pages;

    void add(Delivery delivery, Connection connection) {
      pending.put(delivery.id(), delivery);
      nextAttempt.put(delivery.id(), delivery.nextAttemptAt());
      connections.put(delivery.connectionId(), connection);
    }

    @Override
    public List<Due> due(Instant now, Due after, int batchSize) {
      pages++;
      Comparator<Due> order =
          Comparator.comparing(Due::nextAttemptAt).thenComparing(Due::deliveryId);
      return pending.values().stream()
          .map(d -> new Due(d.id(), d.connectionId(), nextAttempt.get(d.id())))
          .filter(d -> !d.nextAttemptAt().isAfter(now))
          .filter(d -> after == null || order.compare(d, after) > 0)
          .sorted(order)
          .limit(batchSize)
          .toList();
    }

    @Override
    public Optional<Claim> claim(String deliveryId, Duration lease) {
      claimed.add(deliveryId);
      Delivery delivery = pending.get(deliveryId);
      return Optional.of(Claim.of(delivery, connections.get(delivery.connectionId())));
    }

    @Override
    public void hold(String deliveryId, Instant until) {
      held.add(deliveryId);
      nextAttempt.put(deliveryId, until);
    }

    @Override
    public void record(String deliveryId, Deliverer.Outcome outcome) {
      pending.remove(deliveryId);
    }
  }

  /** Notion that accepts everything and notes which delivery's payload it was sent. */
  static class AcceptingNotion extends NotionClient {
    final List<String> bodies = new ArrayList<>();

    @Override
    public int updateExternalObject(String notionToken, String body) {
      bodies.add(body);
      return 200;
    }
  }

  final MutableClock clock = new MutableClock();
  final TokenCipher cipher = new TokenCipher("0123456789abcdef0123456789abcdef".getBytes());
  final QueueOutbox outbox = new QueueOutbox();
  final AcceptingNotion notion = new AcceptingNotion();
  final Deliverer deliverer = new Deliverer();
  final Workspace workspace = new Workspace("ws-1", "Team", null, clock.now);

  @BeforeEach
  void setUp() {
    deliverer.notion = notion;
    deliverer.cipher = cipher;
    deliverer.clock = clock;
    deliverer.outbox = outbox;
    deliverer.maxAttempts = 4;
    deliverer.lease = Duration.ofMinutes(1);
    deliverer.batchSize = 50;
    deliverer.backoff = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(10));
    deliverer.random = () -> 0.0;
    // two permits per connection at once, the workspace not the limit
    deliverer.limits = new NotionRateLimits(clock, 2, 2, 100, 100);
  }

  Connection connection(String name) {
    Connection connection =
        new Connection("acc-" + name, workspace, "key-" + name, name, clock.now);
    connection.connect(
        cipher.encrypt("ntn_" + name, connection.tokenBinding()), null, "bot", name, clock.now);
    return connection;
  }

  /** {@code count} deliveries of one connection, due one millisecond apart from {@code from}. */
  List<String> queue(Connection connection, int count, Instant from) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = connection.externalAccountName() + "-" + i;
      Delivery delivery =
          new Delivery(
              "preview-" + name,
              connection.id(),
              "https://x.example/" + name,
              "{\"n\":\"" + name + "\"}",
              name,
              from.plusMillis(i));
      outbox.add(delivery, connection);
      ids.add(delivery.id());
    }
    return ids;
  }

  @Test
  void aRunReachesTheConnectionsThatStillHavePermitsBehindOneThatHasNone() {
    Connection busy = connection("busy");
    Connection quiet = connection("quiet");
    List<String> busyOnes = queue(busy, 120, clock.now.minusSeconds(10));
    List<String> quietOnes = queue(quiet, 5, clock.now.minusSeconds(1));

    int attempts = deliverer.deliverDue();

    assertThat(attempts).as("two permits each").isEqualTo(4);
    assertThat(notion.bodies)
        .as("oldest first within each connection, the quiet one reached on the third page")
        .containsExactly(
            "{\"n\":\"busy-0\"}",
            "{\"n\":\"busy-1\"}",
            "{\"n\":\"quiet-0\"}",
            "{\"n\":\"quiet-1\"}");
    assertThat(outbox.held)
        .as("one delivery per connection held until its next permit")
        .containsExactly(busyOnes.get(2), quietOnes.get(2));
    assertThat(outbox.claimed)
        .as("the rest of a connection without permits is passed over, not claimed and held")
        .hasSize(6)
        .doesNotContain(busyOnes.get(3), quietOnes.get(3));
    assertThat(outbox.pages).as("120 + 5 due in pages of 50").isEqualTo(3);
  }

  @Test
  void aRunEndsAfterItsPagesEvenWhenMoreIsDue() {
    Connection busy = connection("busy");
    int due = Deliverer.PAGES_PER_RUN * 50 + 10;
    queue(busy, due, clock.now.minusSeconds(60));

    deliverer.deliverDue();

    assertThat(outbox.pages).isEqualTo(Deliverer.PAGES_PER_RUN);
    assertThat(outbox.pending).as("two sent; the rest wait for the next run").hasSize(due - 2);
  }

  @Test
  void deliveriesPassedOverGoInALaterRunOnceTheirConnectionHasPermitsAgain() {
    Connection busy = connection("busy");
    List<String> ids = queue(busy, 6, clock.now.minusSeconds(10));
    deliverer.deliverDue();
    assertThat(notion.bodies).hasSize(2);

    clock.now = clock.now.plusSeconds(2);
    deliverer.deliverDue();
    clock.now = clock.now.plusSeconds(2);
    deliverer.deliverDue();

    assertThat(notion.bodies)
        .as("all six within three runs, at two permits a second, each once")
        .containsExactlyInAnyOrder(
            ids.stream()
                .map(id -> "{\"n\":\"busy-" + ids.indexOf(id) + "\"}")
                .toArray(String[]::new));
    assertThat(outbox.pending).isEmpty();
  }
}
