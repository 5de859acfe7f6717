package io.previewbridge.identity.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Password guessing, slowed and stopped: failed sign-ins are counted per username (whether or not
 * the account exists, so the answers tell nothing about which do) and per client address, within
 * {@code previewbridge.signin.window} (PT15M). From the {@code delay-after}th failure (3) of a
 * username, the next attempt must wait 1 s, then 2 s, 4 s... ; at {@code max-failures} (10) the
 * username is locked for {@code lock} (PT15M). An address with {@code max-failures-per-address}
 * (50) failures is blocked for {@code lock} too. Refused attempts cost no password hash. A
 * successful sign-in clears its username's count.
 *
 * <p>Each failure and each lock is written to the security log ({@value #SECURITY_LOG}), with the
 * username and address but never the password.
 *
 * <p>The counts are kept in this node's memory (bounded): behind a load balancer each node keeps
 * its own, so the limits hold per node.
 */
@ApplicationScoped
public class SignInThrottle {

  /** The logger security events go to, for a SIEM to pick up. */
  public static final String SECURITY_LOG = io.previewbridge.platform.control.SecurityLog.NAME;

  private static final Logger SECURITY = Logger.getLogger(SECURITY_LOG);

  static final int MAX_TRACKED = 10_000;

  /** Whether an attempt may go ahead, and if not, when it may. */
  public record Verdict(boolean allowed, Duration retryAfter) {
    static final Verdict ALLOWED = new Verdict(true, Duration.ZERO);
  }

  /** Failures of one key within the window. */
  private static final class Record {
    int failures;
    Instant firstFailure;
    Instant notBefore = Instant.MIN;
  }

  @Inject Clock clock;

  @Inject
  @ConfigProperty(name = "previewbridge.signin.window", defaultValue = "PT15M")
  Duration window = Duration.ofMinutes(15);

  @Inject
  @ConfigProperty(name = "previewbridge.signin.delay-after", defaultValue = "3")
  int delayAfter = 3;

  @Inject
  @ConfigProperty(name = "previewbridge.signin.max-failures", defaultValue = "10")
  int maxFailures = 10;

  @Inject
  @ConfigProperty(name = "previewbridge.signin.max-failures-per-address", defaultValue = "50")
  int maxFailuresPerAddress = 50;

  @Inject
  @ConfigProperty(name = "previewbridge.signin.lock", defaultValue = "PT15M")
  Duration lock = Duration.ofMinutes(15);

  private final Map<String, Record> byUsername = bounded();
  private final Map<String, Record> byAddress = bounded();

  private static Map<String, Record> bounded() {
    return new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Record> eldest) {
        return size() > MAX_TRACKED;
      }
    };
  }

  /** Whether {@code username} may try a password from {@code address} now. */
  public synchronized Verdict check(String username, String address) {
    Instant now = clock.instant();
    Duration wait = Duration.ZERO;
    for (Record record : records(username, address, false)) {
      if (record != null && record.notBefore.isAfter(now)) {
        Duration left = Duration.between(now, record.notBefore);
        if (left.compareTo(wait) > 0) {
          wait = left;
        }
      }
    }
    return wait.isZero() ? Verdict.ALLOWED : new Verdict(false, wait);
  }

  /**
   * A wrong password (or unknown or disabled account) for {@code username} from {@code address}.
   */
  public synchronized void failed(String username, String address) {
    Instant now = clock.instant();
    Record[] records = records(username, address, true);
    Record user = records[0];
    Record from = records[1];
    count(user, now);
    count(from, now);
    String who = printable(username);
    SECURITY.warning(
        () ->
            "Sign-in failed for username \""
                + who
                + "\" from "
                + printable(address)
                + " ("
                + user.failures
                + " in "
                + window
                + ")");
    if (user.failures >= maxFailures) {
      user.notBefore = now.plus(lock);
      SECURITY.warning(() -> "Sign-in of username \"" + who + "\" locked until " + user.notBefore);
    } else if (user.failures >= delayAfter) {
      long seconds = 1L << Math.min(20, user.failures - delayAfter);
      user.notBefore = now.plusSeconds(seconds);
    }
    if (from.failures >= maxFailuresPerAddress && !from.notBefore.isAfter(now)) {
      from.notBefore = now.plus(lock);
      SECURITY.warning(
          () -> "Sign-in from " + printable(address) + " blocked until " + from.notBefore);
    }
  }

  /** A sign-in succeeded: its username starts afresh (its address keeps its count). */
  public synchronized void succeeded(String username) {
    byUsername.remove(key(username));
  }

  private void count(Record record, Instant now) {
    if (record.firstFailure == null || record.firstFailure.plus(window).isBefore(now)) {
      record.failures = 0;
      record.firstFailure = now;
    }
    record.failures++;
  }

  private Record[] records(String username, String address, boolean create) {
    String user = key(username);
    String from = address == null ? "?" : address;
    if (create) {
      return new Record[] {
        byUsername.computeIfAbsent(user, k -> new Record()),
        byAddress.computeIfAbsent(from, k -> new Record())
      };
    }
    return new Record[] {byUsername.get(user), byAddress.get(from)};
  }

  private static String key(String username) {
    return Optional.ofNullable(username).orElse("").trim().toLowerCase(Locale.ROOT);
  }

  /** Attacker-chosen text, made safe for a log line: no control characters, at most 100. */
  static String printable(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && out.length() < 100; i++) {
      char c = text.charAt(i);
      out.append(Character.isISOControl(c) ? '?' : c);
    }
    return out.toString();
  }
}
