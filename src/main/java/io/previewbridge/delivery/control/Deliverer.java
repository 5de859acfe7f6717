package io.previewbridge.delivery.control;

import io.previewbridge.delivery.entity.Delivery;
import io.previewbridge.notion.control.NotionApiException;
import io.previewbridge.notion.control.NotionClient;
import io.previewbridge.notion.entity.Connection;
import io.previewbridge.platform.control.TokenCipher;
import io.previewbridge.platform.control.VersionConflicts;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sends pending deliveries to Notion ({@code PATCH /v1/external/object}) with the connection's own
 * Notion token, and decides what each answer means: 2xx delivered; 429, 529, 5xx and unreachable
 * retried with backoff (Notion's {@code Retry-After} first) until {@code max-attempts}, then
 * failed; 401 failed and the connection marked for reconnection; 404 failed and the preview no
 * longer tracked; any other 4xx failed with Notion's message. A failed delivery stays in the table
 * for the admin to see; nothing is dropped silently. Tokens are never logged.
 *
 * <p>Order: a PATCH replaces the whole preview, so two attempts for one preview never run at once,
 * on this node or across nodes ({@link Outbox#claim} holds a newer delivery until the older attempt
 * has ended, then it goes at the next timer run); with the coalescing of the outbox this keeps an
 * older state from landing after a newer one. The backoff counts from the end of a failed attempt,
 * so a timed-out attempt is still followed by a full backoff.
 */
@ApplicationScoped
public class Deliverer {

  private static final Logger LOG = Logger.getLogger(Deliverer.class.getName());

  /** What an attempt did to the connection or the preview besides the delivery itself. */
  public enum Consequence {
    NONE,
    RECONNECT,
    STOP_TRACKING
  }

  /** How one attempt ended. */
  public sealed interface Outcome permits Delivered, Retry, Failed {}

  public record Delivered(int status) implements Outcome {}

  /** Try again at {@code at}; {@code rateLimited} holds the connection's other deliveries too. */
  public record Retry(Integer status, String message, Instant at, boolean rateLimited)
      implements Outcome {}

  public record Failed(Integer status, String message, Consequence consequence)
      implements Outcome {}

  @Inject NotionClient notion;
  @Inject TokenCipher cipher;
  @Inject Outbox outbox;
  @Inject Clock clock;
  @Inject NotionRateLimits limits;

  @Inject
  @ConfigProperty(name = "previewbridge.delivery.max-attempts", defaultValue = "12")
  int maxAttempts;

  @Inject
  @ConfigProperty(name = "previewbridge.delivery.initial-backoff", defaultValue = "PT2S")
  Duration initialBackoff;

  @Inject
  @ConfigProperty(name = "previewbridge.delivery.max-backoff", defaultValue = "PT10M")
  Duration maxBackoff;

  @Inject
  @ConfigProperty(name = "previewbridge.delivery.batch-size", defaultValue = "50")
  int batchSize;

  /** How long one attempt owns a delivery; longer than Notion's read timeout. */
  @Inject
  @ConfigProperty(name = "previewbridge.delivery.lease", defaultValue = "PT1M")
  Duration lease;

  Backoff backoff;
  DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();

  @PostConstruct
  void init() {
    backoff = new Backoff(initialBackoff, maxBackoff);
  }

  /**
   * How many pages of {@code batch-size} due deliveries one run looks at, at most: enough for a
   * burst over many previews to use every connection's permits in one run, while a run over a huge
   * backlog still ends (the next run goes on, oldest first again).
   */
  static final int PAGES_PER_RUN = 20;

  /** What one delivery's turn in a run came to. */
  enum Turn {
    /** An attempt was made (or the delivery failed without calling Notion). */
    ATTEMPTED,
    /** Claimed, but its connection or workspace had no permit: held until one will be free. */
    NO_PERMIT,
    /** Not claimed: superseded, no longer due, taken by another sender, or waiting its turn. */
    NOT_CLAIMED
  }

  /**
   * Sends what is due now, oldest first, page after page, and returns how many attempts were made.
   * Once a connection had no permit in this run, its further deliveries are passed over without
   * being claimed (they stay due for the next run): claiming each only to hold it costs two
   * transactions and would keep the run from reaching the deliveries of connections that still have
   * permits.
   */
  public int deliverDue() {
    Instant now = clock.instant();
    Set<String> withoutPermit = new HashSet<>();
    Outbox.Due after = null;
    int attempts = 0;
    for (int page = 0; page < PAGES_PER_RUN; page++) {
      List<Outbox.Due> due = outbox.due(now, after, batchSize);
      for (Outbox.Due next : due) {
        if (withoutPermit.contains(next.connectionId())) {
          continue;
        }
        switch (deliver(next.deliveryId())) {
          case ATTEMPTED -> attempts++;
          case NO_PERMIT -> withoutPermit.add(next.connectionId());
          case NOT_CLAIMED -> {}
        }
      }
      if (due.size() < batchSize) {
        break;
      }
      after = due.get(due.size() - 1);
    }
    return attempts;
  }

  /** A change was queued and committed: try it now rather than at the next timer run. */
  void onQueued(@Observes(during = TransactionPhase.AFTER_SUCCESS) DeliveryQueued queued) {
    try {
      deliver(queued.deliveryId());
    } catch (RuntimeException e) {
      if (VersionConflicts.lost(e)) {
        // superseded or claimed by another sender while this attempt ran: a race, not a fault
        LOG.fine(() -> "Immediate delivery " + queued.deliveryId() + " raced: " + e);
      } else {
        LOG.log(
            Level.WARNING,
            "Immediate delivery " + queued.deliveryId() + " failed; the timer retries it",
            e);
      }
    }
  }

  private Turn deliver(String deliveryId) {
    Optional<Outbox.Claim> claimed;
    try {
      claimed = outbox.claim(deliveryId, lease);
    } catch (RuntimeException raced) {
      // another sender claimed it first (optimistic lock); that sender delivers it
      return Turn.NOT_CLAIMED;
    }
    if (claimed.isEmpty()) {
      return Turn.NOT_CLAIMED;
    }
    return send(claimed.get());
  }

  private Turn send(Outbox.Claim claim) {
    String deliveryId = claim.deliveryId();
    Optional<Instant> notBefore = notBefore(claim);
    if (notBefore.isPresent()) {
      // no permit: back to the queue, without counting an attempt, until one will be free
      outbox.hold(deliveryId, notBefore.get());
      return Turn.NO_PERMIT;
    }
    Outcome outcome = attempt(claim);
    outbox.record(deliveryId, outcome);
    limitFurther(claim, outcome);
    log(claim, outcome);
    return Turn.ATTEMPTED;
  }

  /**
   * One line per attempt Notion did not accept. A 401 is logged once per connection, when Notion
   * refuses its token (the connection is then marked, and its other deliveries fail quietly without
   * calling Notion). Never a token: messages are Notion's own or ours.
   */
  private static void log(Outbox.Claim claim, Outcome outcome) {
    String deliveryId = claim.deliveryId();
    if (outcome instanceof Retry retry) {
      LOG.info(
          () ->
              "Delivery "
                  + deliveryId
                  + " attempt "
                  + (claim.attempts() + 1)
                  + " not accepted ("
                  + (retry.status() == null ? "Notion not reached" : "HTTP " + retry.status())
                  + ": "
                  + retry.message()
                  + "); next attempt at "
                  + retry.at());
    } else if (outcome instanceof Failed failed && failed.consequence() == Consequence.RECONNECT) {
      LOG.warning(
          () ->
              "Notion refused the token of connection "
                  + claim.connectionId()
                  + " (HTTP 401: "
                  + failed.message()
                  + "); the connection needs reconnecting and its previews are no longer pushed");
    } else if (outcome instanceof Failed
        && claim.connectionStatus() == Connection.Status.NEEDS_RECONNECT) {
      LOG.fine(
          () ->
              "Delivery "
                  + deliveryId
                  + " not sent: connection "
                  + claim.connectionId()
                  + " needs reconnecting");
    } else if (outcome instanceof Failed failed) {
      LOG.warning(
          () ->
              "Delivery "
                  + deliveryId
                  + " failed for good (HTTP "
                  + failed.status()
                  + "): "
                  + failed.message());
    }
  }

  /**
   * Whether the request of this claim must wait for the limiter: empty if it may go now (a permit
   * is taken), else when to try again. A claim that will not reach Notion (connection gone,
   * revoked, to reconnect) needs no permit.
   */
  Optional<Instant> notBefore(Outbox.Claim claim) {
    if (claim.connectionStatus() != Connection.Status.ACTIVE) {
      return Optional.empty();
    }
    return limits.acquire(claim.connectionId(), claim.workspaceId());
  }

  /**
   * Notion rate-limited the token (429, or overloaded: 529): the connection's other deliveries wait
   * as long as this one, in this run and in the following ones.
   */
  void limitFurther(Outbox.Claim claim, Outcome outcome) {
    if (outcome instanceof Retry retry && retry.rateLimited()) {
      limits.holdConnection(claim.connectionId(), retry.at());
    }
  }

  /** One PATCH attempt; decides, does not write. */
  Outcome attempt(Outbox.Claim claim) {
    if (claim.connectionStatus() == null) {
      return new Failed(null, "The connection no longer exists", Consequence.NONE);
    }
    if (claim.connectionStatus() == Connection.Status.REVOKED) {
      return new Failed(null, "The connection was revoked", Consequence.NONE);
    }
    if (claim.connectionStatus() == Connection.Status.NEEDS_RECONNECT) {
      return new Failed(
          401, "Notion refused the connection's token; the user must reconnect", Consequence.NONE);
    }
    String token;
    try {
      token = cipher.decrypt(claim.encryptedNotionToken(), claim.tokenBinding());
    } catch (IllegalArgumentException e) {
      return new Failed(
          null,
          "The stored Notion token cannot be decrypted (was the encryption key changed?)",
          Consequence.NONE);
    }
    try {
      return new Delivered(notion.updateExternalObject(token, claim.payload()));
    } catch (NotionApiException e) {
      // the backoff counts from the failure, not from the start: a timed-out attempt took the
      // whole read timeout, and the next one must still wait its backoff after that
      return decide(e, claim.attempts() + 1, clock.instant());
    } catch (RuntimeException unexpected) {
      return decide(
          NotionApiException.unreachable(unexpected), claim.attempts() + 1, clock.instant());
    }
  }

  /** The transport's own words, for the log: which host, which protocol problem. */
  static String cause(NotionApiException e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? e.getMessage() : e.getMessage() + " (" + root + ")";
  }

  Outcome decide(NotionApiException e, int failures, Instant now) {
    Integer status = e.status() == 0 ? null : e.status();
    String message = e.status() == 0 ? cause(e) : e.getMessage();
    if (e.isTransient()) {
      if (failures >= maxAttempts) {
        return new Failed(
            status, "Gave up after " + failures + " attempts: " + message, Consequence.NONE);
      }
      Duration wait = backoff.delay(failures, e.retryAfter(), random);
      boolean rateLimited = e.status() == 429 || e.status() == 529;
      return new Retry(status, message, now.plus(wait), rateLimited);
    }
    if (e.status() == 401) {
      return new Failed(status, message, Consequence.RECONNECT);
    }
    if (e.status() == 404) {
      return new Failed(status, message, Consequence.STOP_TRACKING);
    }
    return new Failed(status, message, Consequence.NONE);
  }

  /** Writes an outcome onto the delivery (and the connection, for a 401). */
  static void apply(Outcome outcome, Delivery delivery, Connection connection, Instant now) {
    if (outcome instanceof Delivered delivered) {
      delivery.delivered(delivered.status(), now);
      return;
    }
    if (!delivery.isPending()) {
      // superseded while the attempt ran: a newer delivery carries the state now
      return;
    }
    if (outcome instanceof Retry retry) {
      delivery.attemptFailed(retry.status(), truncate(retry.message()), retry.at());
    } else if (outcome instanceof Failed failed) {
      delivery.attemptFailed(failed.status(), truncate(failed.message()), now);
      delivery.failed(failed.status(), truncate(failed.message()));
      if (failed.consequence() == Consequence.RECONNECT && connection != null) {
        connection.needsReconnect(now);
      }
    }
  }

  private static String truncate(String message) {
    if (message == null) {
      return null;
    }
    return message.length() <= 2000 ? message : message.substring(0, 1999) + "\u2026";
  }
}
