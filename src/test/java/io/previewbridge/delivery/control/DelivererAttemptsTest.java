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
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the log says about a refused token, and when a backoff starts: the parts of {@link
 * Deliverer} between the outbox and Notion that {@code DelivererTest} does not reach. (Two senders
 * of one preview take turns in the outbox's claim, tested in {@code PreviewTrackerTest}.)
 */
class DelivererAttemptsTest {

  static final String NOTION_TOKEN = "ntn_secret_token_never_logged";

  /** The outbox as far as the deliverer sees it: claims handed out, holds and outcomes noted. */
  static class FakeOutbox extends Outbox {
    final Map<String, Claim> claims = new HashMap<>();
    final List<String> held = Collections.synchronizedList(new ArrayList<>());
    final Map<String, Deliverer.Outcome> recorded = Collections.synchronizedMap(new HashMap<>());

    @Override
    public Optional<Claim> claim(String deliveryId, Duration lease) {
      return Optional.ofNullable(claims.get(deliveryId));
    }

    @Override
    public void hold(String deliveryId, Instant until) {
      held.add(deliveryId);
    }

    @Override
    public void record(String deliveryId, Deliverer.Outcome outcome) {
      recorded.put(deliveryId, outcome);
    }
  }

  /** A Notion whose first answer waits until the test lets it go. */
  static class SlowNotion extends NotionClient {
    final CountDownLatch firstArrived = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final List<String> bodies = Collections.synchronizedList(new ArrayList<>());
    int status = 200;

    @Override
    public int updateExternalObject(String notionToken, String body) {
      bodies.add(body);
      if (firstArrived.getCount() > 0) {
        firstArrived.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (status != 200) {
        throw new NotionApiException(status, "unauthorized", "API token is invalid.", null);
      }
      return status;
    }
  }

  final MutableClock clock = new MutableClock();
  final TokenCipher cipher = new TokenCipher("0123456789abcdef0123456789abcdef".getBytes());
  final FakeOutbox outbox = new FakeOutbox();
  final SlowNotion notion = new SlowNotion();
  final Deliverer deliverer = new Deliverer();
  final List<LogRecord> logged = Collections.synchronizedList(new ArrayList<>());
  final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          logged.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  Connection connection;

  @BeforeEach
  void setUp() {
    deliverer.notion = notion;
    deliverer.cipher = cipher;
    deliverer.clock = clock;
    deliverer.outbox = outbox;
    deliverer.maxAttempts = 4;
    deliverer.lease = Duration.ofMinutes(1);
    deliverer.backoff = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(10));
    deliverer.random = () -> 0.0;
    deliverer.limits = new NotionRateLimits(clock, 100, 100, 100, 100);
    Workspace workspace = new Workspace("ws-1", "Team", null, clock.now);
    connection = new Connection("acc-1", workspace, "key", "Jane", clock.now);
    connection.connect(
        cipher.encrypt(NOTION_TOKEN, connection.tokenBinding()), null, "bot", "Jane", clock.now);
    Logger.getLogger(Deliverer.class.getName()).addHandler(capture);
  }

  @AfterEach
  void tearDown() {
    Logger.getLogger(Deliverer.class.getName()).removeHandler(capture);
  }

  String queue(String previewId, String state) {
    Delivery delivery =
        new Delivery(
            previewId,
            connection.id(),
            "https://x.example/" + previewId,
            "{\"state\":\"" + state + "\"}",
            state,
            clock.now);
    outbox.claims.put(delivery.id(), Outbox.Claim.of(delivery, connection));
    return delivery.id();
  }

  @Test
  void aRefusedTokenIsLoggedOnceAndNeverItself() throws Exception {
    notion.firstArrived.countDown();
    notion.status = 401;
    String refused = queue("preview-1", "a");

    deliverer.onQueued(new DeliveryQueued(refused));
    Deliverer.apply(outbox.recorded.get(refused), delivery(refused), connection, clock.instant());
    // the connection is marked now: its other deliveries fail without calling Notion
    String second = queue("preview-2", "b");
    String third = queue("preview-3", "c");
    deliverer.onQueued(new DeliveryQueued(second));
    deliverer.onQueued(new DeliveryQueued(third));

    assertThat(connection.status()).isEqualTo(Connection.Status.NEEDS_RECONNECT);
    assertThat(notion.bodies).hasSize(1);
    assertThat(outbox.recorded.get(third)).isInstanceOf(Deliverer.Failed.class);
    List<String> warnings =
        logged.stream()
            .filter(r -> r.getLevel().intValue() >= Level.INFO.intValue())
            .map(r -> r.getMessage())
            .toList();
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0)).contains("401").contains(connection.id());
    assertThat(logged)
        .allSatisfy(r -> assertThat(String.valueOf(r.getMessage())).doesNotContain(NOTION_TOKEN));
  }

  @Test
  void theBackoffCountsFromTheFailureNotFromTheStartOfASlowAttempt() {
    Deliverer slowDeliverer = deliverer;
    slowDeliverer.notion =
        new NotionClient() {
          @Override
          public int updateExternalObject(String notionToken, String body) {
            clock.now = clock.now.plusSeconds(10); // the read timeout ran out
            throw NotionApiException.unreachable(
                new java.net.SocketTimeoutException("Read timed out"));
          }
        };
    Instant started = clock.now;
    String id = queue("preview-1", "a");

    Deliverer.Outcome outcome = slowDeliverer.attempt(outbox.claims.get(id));

    // random 0: half of the initial 2 s, after the 10 s the attempt took
    assertThat(outcome).isInstanceOf(Deliverer.Retry.class);
    assertThat(((Deliverer.Retry) outcome).at()).isEqualTo(started.plusSeconds(11));
  }

  /** The delivery behind a claim, rebuilt with the claim's id for {@link Deliverer#apply}. */
  Delivery delivery(String id) {
    Outbox.Claim claim = outbox.claims.get(id);
    return new Delivery(
        claim.trackedPreviewId(), claim.connectionId(), "u", claim.payload(), "h", clock.now);
  }
}
