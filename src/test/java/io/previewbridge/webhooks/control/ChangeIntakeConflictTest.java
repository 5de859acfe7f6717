package io.previewbridge.webhooks.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.previewbridge.tracking.control.PreviewTracker;
import jakarta.persistence.OptimisticLockException;
import jakarta.transaction.RollbackException;
import jakarta.transaction.TransactionalException;
import java.util.Collection;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A notification that races a change-detection run for the same preview: the run's commit wins, the
 * notification makes the preview due again after it instead of answering 500.
 */
class ChangeIntakeConflictTest {

  /** Tracking whose first {@code conflicts} commits lose to another transaction. */
  static class ConflictingTracker extends PreviewTracker {
    int conflicts;
    int calls;

    @Override
    public int recheckNow(Collection<String> uris) {
      calls++;
      if (calls <= conflicts) {
        RollbackException rollback = new RollbackException("commit failed");
        rollback.initCause(new OptimisticLockException("TrackedPreview changed"));
        throw new TransactionalException("commit failed", rollback);
      }
      return uris.size();
    }
  }

  final ConflictingTracker tracker = new ConflictingTracker();
  final ChangeIntake intake = new ChangeIntake();

  {
    intake.tracker = tracker;
  }

  @Test
  void aConflictWithADetectionRunIsTriedAgain() {
    tracker.conflicts = 2;

    assertThat(intake.recheckNow(Set.of("https://x.example/1"))).isEqualTo(1);
    assertThat(tracker.calls).isEqualTo(3);
  }

  @Test
  void aConflictThatNeverEndsIsNotHidden() {
    tracker.conflicts = 100;

    assertThatThrownBy(() -> intake.recheckNow(Set.of("https://x.example/1")))
        .isInstanceOf(TransactionalException.class);
    assertThat(tracker.calls).isEqualTo(ChangeIntake.ATTEMPTS);
  }

  @Test
  void anyOtherFailureIsNotTriedAgain() {
    ConflictingTracker broken =
        new ConflictingTracker() {
          @Override
          public int recheckNow(Collection<String> uris) {
            calls++;
            throw new IllegalStateException("database down");
          }
        };
    intake.tracker = broken;

    assertThatThrownBy(() -> intake.recheckNow(Set.of("u")))
        .isInstanceOf(IllegalStateException.class);
    assertThat(broken.calls).isEqualTo(1);
  }
}
