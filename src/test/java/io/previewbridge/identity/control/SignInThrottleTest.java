package io.previewbridge.identity.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.previewbridge.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Failed sign-ins slow a username down, then lock it; an address that keeps failing is blocked. */
class SignInThrottleTest {

  final MutableClock clock = new MutableClock();
  final SignInThrottle throttle = new SignInThrottle();
  final List<String> securityLog = new ArrayList<>();
  final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          securityLog.add(record.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void setUp() {
    throttle.clock = clock;
    throttle.window = Duration.ofMinutes(15);
    throttle.delayAfter = 3;
    throttle.maxFailures = 6;
    throttle.maxFailuresPerAddress = 10;
    throttle.lock = Duration.ofMinutes(15);
    Logger.getLogger(SignInThrottle.SECURITY_LOG).addHandler(capture);
  }

  @AfterEach
  void tearDown() {
    Logger.getLogger(SignInThrottle.SECURITY_LOG).removeHandler(capture);
  }

  @Test
  void delaysGrowThenTheUsernameIsLockedAndOpensAgainAfterTheLock() {
    for (int i = 0; i < 2; i++) {
      assertThat(throttle.check("jane", "10.0.0.1").allowed()).isTrue();
      throttle.failed("jane", "10.0.0.1");
    }
    assertThat(throttle.check("jane", "10.0.0.1").allowed()).isTrue();
    throttle.failed("jane", "10.0.0.1");
    assertThat(throttle.check("jane", "10.0.0.2"))
        .as("the third failure makes the next attempt wait a second, from anywhere")
        .isEqualTo(new SignInThrottle.Verdict(false, Duration.ofSeconds(1)));
    clock.advance(Duration.ofSeconds(1));
    throttle.failed("jane", "10.0.0.1");
    assertThat(throttle.check("jane", "10.0.0.1").retryAfter()).isEqualTo(Duration.ofSeconds(2));
    clock.advance(Duration.ofSeconds(2));
    throttle.failed("jane", "10.0.0.1");
    assertThat(throttle.check("jane", "10.0.0.1").retryAfter()).isEqualTo(Duration.ofSeconds(4));
    clock.advance(Duration.ofSeconds(4));
    throttle.failed("jane", "10.0.0.1");

    assertThat(throttle.check("JANE", "10.0.0.3"))
        .as("the sixth failure locks the username, in any spelling")
        .isEqualTo(new SignInThrottle.Verdict(false, Duration.ofMinutes(15)));
    assertThat(throttle.check("john", "10.0.0.3").allowed()).as("other people").isTrue();
    clock.advance(Duration.ofMinutes(15));
    assertThat(throttle.check("jane", "10.0.0.1").allowed()).isTrue();
    assertThat(securityLog)
        .anyMatch(l -> l.equals("Sign-in failed for username \"jane\" from 10.0.0.1 (6 in PT15M)"))
        .anyMatch(l -> l.startsWith("Sign-in of username \"jane\" locked until "));
  }

  @Test
  void aSuccessStartsTheUsernameAfresh() {
    for (int i = 0; i < 3; i++) {
      throttle.failed("jane", "10.0.0.1");
    }
    throttle.succeeded("jane");
    assertThat(throttle.check("jane", "10.0.0.1").allowed()).isTrue();
  }

  @Test
  void failuresOutsideTheWindowDoNotCount() {
    throttle.failed("jane", "10.0.0.1");
    throttle.failed("jane", "10.0.0.1");
    clock.advance(Duration.ofMinutes(16));
    throttle.failed("jane", "10.0.0.1");
    assertThat(throttle.check("jane", "10.0.0.1").allowed()).isTrue();
  }

  @Test
  void anAddressTryingManyUsernamesIsBlocked() {
    for (int i = 0; i < 10; i++) {
      throttle.failed("user" + i, "203.0.113.9");
    }
    assertThat(throttle.check("someone-else", "203.0.113.9"))
        .isEqualTo(new SignInThrottle.Verdict(false, Duration.ofMinutes(15)));
    assertThat(throttle.check("someone-else", "203.0.113.10").allowed()).isTrue();
    assertThat(securityLog).anyMatch(l -> l.startsWith("Sign-in from 203.0.113.9 blocked until"));
  }

  @Test
  void whatAnAttackerTypesCannotForgeLogLines() {
    throttle.failed("eve\r\nSign-in succeeded for admin", "10.0.0.1");
    assertThat(securityLog)
        .singleElement()
        .asString()
        .doesNotContain("\n")
        .contains("eve??Sign-in succeeded for admin");
  }
}
