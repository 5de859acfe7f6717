package io.previewbridge.platform.control;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.OptimisticLockException;
import jakarta.transaction.RollbackException;
import jakarta.transaction.TransactionalException;
import org.junit.jupiter.api.Test;

class VersionConflictsTest {

  @Test
  void aLostVersionCheckIsRecognisedThroughTheContainersWrappers() {
    RollbackException commit = new RollbackException("commit");
    commit.initCause(new OptimisticLockException("version"));
    assertThat(VersionConflicts.lost(new TransactionalException("commit", commit))).isTrue();
    assertThat(
            VersionConflicts.lost(
                new jakarta.ejb.EJBException(
                    new RuntimeException(new OptimisticLockException("changed")))))
        .isTrue();
  }

  @Test
  void otherFailuresAreNot() {
    assertThat(
            VersionConflicts.lost(
                new TransactionalException("commit", new RollbackException("constraint"))))
        .isFalse();
    assertThat(VersionConflicts.lost(new IllegalStateException("database hiccup"))).isFalse();
  }
}
