package io.previewbridge.tracking.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.previewbridge.platform.control.TimerHeartbeat;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Checks asked for by a webhook: how many batches run, and that none is lost to a busy run. */
class ChangeDetectionTimerTest {

  final List<Integer> runs = new ArrayList<>();
  final ChangeDetectionTimer timer = new ChangeDetectionTimer();
  Runnable duringRun = () -> {};

  /** How many previews each batch finds due, in turn; none once the list is used up. */
  final List<Integer> dueNow = new ArrayList<>();

  ChangeDetectionTimerTest() {
    timer.batchSize = 20;
    timer.heartbeat = new TimerHeartbeat();
    timer.detector =
        new ChangeDetector() {
          @Override
          public Batch checkDue(int batchSize) {
            runs.add(batchSize);
            Runnable once = duringRun;
            duringRun = () -> {};
            once.run();
            return new Batch(dueNow.isEmpty() ? 0 : dueNow.remove(0), 0);
          }
        };
  }

  @Test
  void aRequestRunsTheBatchesItsPreviewsNeed() {
    timer.checkNow(45);
    assertThat(runs).containsExactly(20, 20, 20);
  }

  @Test
  void evenNoPreviewsRunOneBatch() {
    timer.checkNow(0);
    assertThat(runs).hasSize(1);
  }

  @Test
  void oneRequestStartsAtMostABoundedNumberOfBatches() {
    timer.checkNow(1_000_000);
    assertThat(runs).hasSize(ChangeDetectionTimer.MAX_REQUESTED_BATCHES);
  }

  @Test
  void aBacklogIsWorkedOffInOneRunWhileBatchesComeBackFull() {
    dueNow.addAll(List.of(20, 20, 20, 7));

    timer.run(null);

    assertThat(runs).as("three full batches, then the rest").hasSize(4);
    timer.run(null);
    assertThat(runs).as("nothing due: one batch that finds nothing").hasSize(5);
  }

  @Test
  void aRequestDuringARunIsNotLostButFollowsIt() {
    duringRun = () -> timer.checkNow(1);

    timer.checkNow(1);

    assertThat(runs).as("the running batch, then the one asked for meanwhile").hasSize(2);
  }
}
