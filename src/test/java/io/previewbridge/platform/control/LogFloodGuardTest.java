package io.previewbridge.platform.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.previewbridge.testing.MutableClock;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class LogFloodGuardTest {

  final MutableClock clock = new MutableClock();
  final LogFloodGuard guard = new LogFloodGuard();

  {
    guard.clock(clock);
  }

  static LogRecord containerError(String topClass, String method) {
    IllegalStateException thrown = new IllegalStateException("Unexpected termination");
    thrown.setStackTrace(
        new StackTraceElement[] {
          new StackTraceElement(topClass, method, "X.java", 1),
          new StackTraceElement("org.apache.catalina.connector.CoyoteAdapter", "service", "C", 2)
        });
    LogRecord record =
        new LogRecord(Level.SEVERE, "An exception or error occurred in the container");
    record.setThrown(thrown);
    return record;
  }

  @Test
  void malformedRequestsFailingInTheHttpLayerAreSummarisedNotLoggedWithTheirStack() {
    LogRecord junk = containerError("org.glassfish.grizzly.http.util.URLDecoder", "decode");
    for (int i = 0; i < 500; i++) {
      assertThat(guard.admit(junk)).isFalse();
    }
    assertThat(LogFloodGuard.junkKind(junk.getThrown()))
        .isEqualTo("IllegalStateException in URLDecoder.decode");
    LogRecord notAJwt =
        containerError("fish.payara.microprofile.jwtauth.jwt.JwtTokenParser", "parse");
    assertThat(guard.admit(notAJwt)).as("a bearer token that is not a JWT").isFalse();
    LogRecord brokenChunk =
        containerError(
            "org.glassfish.grizzly.http.ChunkedTransferEncoding", "parseHttpChunkLength");
    assertThat(guard.admit(brokenChunk)).isFalse();
  }

  @Test
  void everythingElseIsLoggedAsItIs() {
    assertThat(guard.admit(containerError("io.previewbridge.Something", "run"))).isTrue();
    assertThat(guard.admit(new LogRecord(Level.SEVERE, "no exception"))).isTrue();
  }

  @Test
  void eachKindIsLoggedOncePerWindowWithoutItsStack() {
    java.util.List<LogRecord> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.logging.Handler capture =
        new java.util.logging.Handler() {
          @Override
          public void publish(LogRecord record) {
            logged.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    java.util.logging.Logger log =
        java.util.logging.Logger.getLogger(LogFloodGuard.class.getName());
    log.addHandler(capture);
    try {
      LogRecord decode = containerError("org.glassfish.grizzly.http.util.URLDecoder", "decode");
      LogRecord cookie = containerError("org.glassfish.grizzly.http.util.CookieParser", "parse");
      for (int i = 0; i < 20; i++) {
        guard.admit(decode);
        guard.admit(cookie);
      }
      assertThat(logged).hasSize(2).allMatch(r -> r.getThrown() == null);
      clock.advance(LogFloodGuard.WINDOW);
      guard.admit(decode);
      assertThat(logged).hasSize(3);
    } finally {
      log.removeHandler(capture);
    }
  }
}
