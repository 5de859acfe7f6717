package io.previewbridge.platform.control;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Junk any client can send must not flood the server log. Some malformed requests (an invalid
 * percent-encoding in the path, say) fail inside the server's HTTP layer before PreviewBridge sees
 * them, and Payara logs each as SEVERE with a full stack trace. This guard, installed on those
 * container loggers while the application runs, turns them into one WARNING line per kind of junk
 * per {@link #WINDOW}, without a stack trace, with the count of those it left out. Anything else
 * the container logs passes untouched.
 */
@ApplicationScoped
public class LogFloodGuard {

  static final Duration WINDOW = Duration.ofMinutes(10);

  /**
   * The loggers (exact names: a java.util.logging filter applies to its own logger only) where
   * Payara reports junk with a stack trace: a request the web container cannot map, one the HTTP
   * codec cannot parse, a bearer token that is not a JWT.
   */
  static final List<String> CONTAINER_LOGGERS =
      List.of(
          "jakarta.enterprise.web.core",
          "org.glassfish.grizzly.filterchain.DefaultFilterChain",
          "fish.payara.microprofile.jwtauth.eesecurity.SignedJWTIdentityStore");

  /**
   * Where a failure means a malformed request, not a fault of ours or the server's: parsing the
   * request line, headers, chunks or percent-encoding, mapping a request without a Host, reading a
   * bearer token.
   */
  static final List<String> REQUEST_PARSING =
      List.of("org.glassfish.grizzly.http.", "fish.payara.microprofile.jwtauth.jwt.");

  private static final Logger LOG = Logger.getLogger(LogFloodGuard.class.getName());

  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  /** Each guarded logger and the filter it had before (null: none). */
  private final Map<Logger, java.util.Optional<Filter>> installed = new ConcurrentHashMap<>();

  private Clock clock = Clock.systemUTC();

  void install(@Observes @Initialized(ApplicationScoped.class) Object started) {
    for (String name : CONTAINER_LOGGERS) {
      Logger logger = Logger.getLogger(name);
      Filter previous = logger.getFilter();
      installed.put(logger, java.util.Optional.ofNullable(previous));
      logger.setFilter(
          record -> (previous == null || previous.isLoggable(record)) && admit(record));
    }
  }

  @PreDestroy
  void uninstall() {
    // the container's loggers outlive the application: leave nothing of ours on them
    installed.forEach((logger, previous) -> logger.setFilter(previous.orElse(null)));
    installed.clear();
  }

  /** Whether {@code record} is logged as it is; junk is summarised instead. */
  boolean admit(LogRecord record) {
    String kind = junkKind(record.getThrown());
    if (kind == null) {
      return true;
    }
    Instant now = clock.instant();
    Window window = windows.compute(kind, (k, w) -> w == null || w.over(now) ? new Window(now) : w);
    int left = window.count();
    if (left == 0) {
      LOG.warning(
          () ->
              "A malformed request was refused by the server's HTTP layer ("
                  + kind
                  + "); more like it in the next "
                  + WINDOW.toMinutes()
                  + " minutes are counted, not logged");
    } else if (left % 1000 == 0) {
      LOG.log(
          Level.WARNING,
          "{0} malformed requests ({1}) refused since {2}",
          new Object[] {left, kind, window.start});
    }
    return false;
  }

  /** The kind of client junk {@code thrown} is, or null when it is something else. */
  static String junkKind(Throwable thrown) {
    if (thrown != null && thrown.getCause() == null && thrown.getStackTrace().length == 0) {
      // the JVM drops the stack of an exception thrown often at one place (a request-parsing
      // failure repeated by a client): its first, full occurrence was classified already
      return thrown.getClass().getSimpleName() + " without a stack (a repeat)";
    }
    for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
      StackTraceElement[] frames = t.getStackTrace();
      if (frames.length > 0
          && REQUEST_PARSING.stream().anyMatch(frames[0].getClassName()::startsWith)) {
        return t.getClass().getSimpleName()
            + " in "
            + frames[0].getClassName().substring(frames[0].getClassName().lastIndexOf('.') + 1)
            + "."
            + frames[0].getMethodName();
      }
    }
    return null;
  }

  void clock(Clock clock) {
    this.clock = clock;
  }

  /** One kind's window: when it began and how many of the kind came since. */
  static final class Window {
    final Instant start;
    private final java.util.concurrent.atomic.AtomicInteger seen =
        new java.util.concurrent.atomic.AtomicInteger();

    Window(Instant start) {
      this.start = start;
    }

    boolean over(Instant now) {
      return !now.isBefore(start.plus(WINDOW));
    }

    /** Counts one more; returns how many came before it in this window. */
    int count() {
      return seen.getAndIncrement();
    }
  }
}
