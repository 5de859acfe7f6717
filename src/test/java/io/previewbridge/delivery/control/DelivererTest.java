package io.previewbridge.delivery.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.previewbridge.delivery.entity.Delivery;
import io.previewbridge.notion.control.NotionApiException;
import io.previewbridge.notion.control.NotionClient;
import io.previewbridge.notion.entity.Connection;
import io.previewbridge.notion.entity.Workspace;
import io.previewbridge.platform.control.TokenCipher;
import io.previewbridge.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What each answer of Notion does to a delivery and its connection. */
class DelivererTest {

  static final String NOTION_TOKEN = "ntn_secret_token";
  static final String PAYLOAD =
      "{\"uri\":\"https://x.example/1\",\"operations\":[{\"path\":[\"attributes\"],\"set\":[]}]}";

  /** Notion, as far as a PATCH is concerned: answers from a script, records what it was sent. */
  static class FakeNotion extends NotionClient {
    final Deque<Supplier<Integer>> script = new ArrayDeque<>();
    final List<String> tokens = new ArrayList<>();
    final List<String> bodies = new ArrayList<>();

    FakeNotion answer(int status) {
      script.add(() -> status);
      return this;
    }

    FakeNotion fail(int status, String code, String message, Duration retryAfter) {
      script.add(
          () -> {
            throw new NotionApiException(status, code, message, retryAfter);
          });
      return this;
    }

    @Override
    public int updateExternalObject(String notionToken, String body) {
      tokens.add(notionToken);
      bodies.add(body);
      return script.remove().get();
    }
  }

  final FakeNotion notion = new FakeNotion();
  final MutableClock clock = new MutableClock();
  final TokenCipher cipher = new TokenCipher("0123456789abcdef0123456789abcdef".getBytes());
  final Deliverer deliverer = new Deliverer();
  Connection connection;
  Delivery delivery;

  @BeforeEach
  void setUp() {
    deliverer.notion = notion;
    deliverer.cipher = cipher;
    deliverer.clock = clock;
    deliverer.maxAttempts = 4;
    deliverer.backoff = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(10));
    deliverer.random = () -> 0.0;
    deliverer.limits = new NotionRateLimits(clock, 2, 2, 100, 100);
    Workspace workspace = new Workspace("ws-1", "Team", null, clock.now);
    connection = new Connection("acc-1", workspace, "key", "Jane", clock.now);
    connection.connect(
        cipher.encrypt(NOTION_TOKEN, connection.tokenBinding()), null, "bot", "Jane", clock.now);
    delivery =
        new Delivery(
            "preview-1", connection.id(), "https://x.example/1", PAYLOAD, "hash", clock.now);
  }

  /** One timer run's worth for this delivery: attempt, then record the outcome. */
  Deliverer.Outcome send() {
    assertThat(delivery.nextAttemptAt()).as("delivery is due").isBeforeOrEqualTo(clock.now);
    Deliverer.Outcome outcome = deliverer.attempt(Outbox.Claim.of(delivery, connection));
    Deliverer.apply(outcome, delivery, connection, clock.instant());
    return outcome;
  }

  @Test
  void a2xxDeliversWithTheConnectionsDecryptedToken() {
    notion.answer(200);

    send();

    assertThat(delivery.status()).isEqualTo(Delivery.Status.DELIVERED);
    assertThat(delivery.attempts()).isEqualTo(1);
    assertThat(delivery.deliveredAt()).isEqualTo(clock.now);
    assertThat(notion.tokens).containsExactly(NOTION_TOKEN);
    assertThat(notion.bodies).containsExactly(PAYLOAD);
  }

  @Test
  void a429WaitsForRetryAfterThenDelivers() {
    notion.fail(429, "rate_limited", "Slow down", Duration.ofSeconds(30)).answer(200);

    Deliverer.Outcome first = send();

    assertThat(first).isInstanceOf(Deliverer.Retry.class);
    assertThat(((Deliverer.Retry) first).rateLimited()).isTrue();
    assertThat(delivery.status()).isEqualTo(Delivery.Status.PENDING);
    assertThat(delivery.lastStatus()).isEqualTo(429);
    assertThat(delivery.nextAttemptAt()).isEqualTo(clock.now.plusSeconds(30));

    clock.now = clock.now.plusSeconds(30);
    send();

    assertThat(delivery.status()).isEqualTo(Delivery.Status.DELIVERED);
    assertThat(delivery.attempts()).isEqualTo(2);
    assertThat(notion.tokens).hasSize(2);
  }

  @Test
  void a5xxStreakBacksOffExponentiallyAndFailsAtTheCap() {
    for (int i = 0; i < 4; i++) {
      notion.fail(503, "service_unavailable", "Try later", null);
    }
    List<Duration> waits = new ArrayList<>();

    for (int i = 0; i < 3; i++) {
      Instant before = clock.now;
      send();
      assertThat(delivery.status()).isEqualTo(Delivery.Status.PENDING);
      waits.add(Duration.between(before, delivery.nextAttemptAt()));
      clock.now = delivery.nextAttemptAt();
    }
    send();

    assertThat(waits)
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
    assertThat(delivery.status()).isEqualTo(Delivery.Status.FAILED);
    assertThat(delivery.attempts()).isEqualTo(4);
    assertThat(delivery.lastStatus()).isEqualTo(503);
    assertThat(delivery.lastError()).isEqualTo("Gave up after 4 attempts: Try later");
    assertThat(notion.script).isEmpty();
  }

  @Test
  void anUnreachableNotionIsRetried() {
    notion.script.add(
        () -> {
          throw NotionApiException.unreachable(new java.net.ConnectException("refused"));
        });

    Deliverer.Outcome outcome = send();

    assertThat(outcome).isInstanceOf(Deliverer.Retry.class);
    assertThat(delivery.status()).isEqualTo(Delivery.Status.PENDING);
    assertThat(delivery.lastStatus()).isNull();
  }

  @Test
  void a401FailsAndMarksTheConnectionForReconnection() {
    notion.fail(401, "unauthorized", "API token is invalid.", null);

    send();

    assertThat(delivery.status()).isEqualTo(Delivery.Status.FAILED);
    assertThat(delivery.lastError()).isEqualTo("API token is invalid.");
    assertThat(connection.status()).isEqualTo(Connection.Status.NEEDS_RECONNECT);
  }

  @Test
  void whileTheConnectionNeedsReconnectingNothingIsSent() {
    connection.needsReconnect(clock.now);

    send();

    assertThat(notion.tokens).isEmpty();
    assertThat(delivery.status()).isEqualTo(Delivery.Status.FAILED);
    assertThat(delivery.lastStatus()).isEqualTo(401);
  }

  @Test
  void a404FailsWithNotionsMessageAndStopsTracking() {
    notion.fail(404, "object_not_found", "Could not find external object", null);

    Deliverer.Outcome outcome = send();

    assertThat(outcome)
        .isEqualTo(
            new Deliverer.Failed(
                404, "Could not find external object", Deliverer.Consequence.STOP_TRACKING));
    assertThat(delivery.status()).isEqualTo(Delivery.Status.FAILED);
    assertThat(delivery.lastError()).isEqualTo("Could not find external object");
    assertThat(connection.status()).isEqualTo(Connection.Status.ACTIVE);
  }

  @Test
  void anotherClientErrorFailsWithNotionsMessage() {
    notion.fail(400, "validation_error", "body.operations[0].set[0].inline is invalid", null);

    send();

    assertThat(delivery.status()).isEqualTo(Delivery.Status.FAILED);
    assertThat(delivery.lastStatus()).isEqualTo(400);
    assertThat(delivery.lastError()).isEqualTo("body.operations[0].set[0].inline is invalid");
  }

  @Test
  void aTokenThatCannotBeDecryptedFailsWithoutCallingNotion() {
    Connection other =
        new Connection("acc-2", new Workspace("ws-2", "X", null, clock.now), "k", "n", clock.now);
    // a token encrypted for another connection must not be usable for this one
    connection.connect(
        cipher.encrypt(NOTION_TOKEN, other.tokenBinding()), null, "bot", "Jane", clock.now);

    send();

    assertThat(notion.tokens).isEmpty();
    assertThat(delivery.status()).isEqualTo(Delivery.Status.FAILED);
    assertThat(delivery.lastError()).doesNotContain(NOTION_TOKEN);
  }

  @Test
  void aDeliverySupersededWhileInFlightIsNotRescheduled() {
    notion.fail(503, "service_unavailable", "Try later", null);
    Deliverer.Outcome outcome = deliverer.attempt(Outbox.Claim.of(delivery, connection));
    delivery.supersede();

    Deliverer.apply(outcome, delivery, connection, clock.instant());

    assertThat(delivery.status()).isEqualTo(Delivery.Status.SUPERSEDED);
  }

  @Test
  void withoutAPermitNothingIsSentUntilOneIsFree() {
    Outbox.Claim claim = Outbox.Claim.of(delivery, connection);

    assertThat(deliverer.notBefore(claim)).isEmpty();
    assertThat(deliverer.notBefore(claim)).isEmpty();
    assertThat(deliverer.notBefore(claim)).contains(clock.now.plusMillis(500));
  }

  @Test
  void a429HoldsTheConnectionsOtherDeliveriesUntilRetryAfter() {
    notion.fail(429, "rate_limited", "Slow down", Duration.ofSeconds(30));
    Outbox.Claim claim = Outbox.Claim.of(delivery, connection);
    assertThat(deliverer.notBefore(claim)).isEmpty();
    Deliverer.Outcome outcome = deliverer.attempt(claim);

    deliverer.limitFurther(claim, outcome);

    Delivery other =
        new Delivery("preview-2", connection.id(), "https://x.example/2", PAYLOAD, "h", clock.now);
    assertThat(deliverer.notBefore(Outbox.Claim.of(other, connection)))
        .contains(clock.now.plusSeconds(30));
    clock.now = clock.now.plusSeconds(30);
    assertThat(deliverer.notBefore(Outbox.Claim.of(other, connection))).isEmpty();
  }

  @Test
  void aConnectionThatWillNotBeCalledNeedsNoPermit() {
    connection.needsReconnect(clock.now);
    Outbox.Claim claim = Outbox.Claim.of(delivery, connection);
    for (int i = 0; i < 5; i++) {
      assertThat(deliverer.notBefore(claim)).isEmpty();
    }
  }
}
