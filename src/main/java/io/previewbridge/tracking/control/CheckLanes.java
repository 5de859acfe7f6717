package io.previewbridge.tracking.control;

import jakarta.ejb.AsyncResult;
import jakarta.ejb.Asynchronous;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.Future;

/**
 * Runs the other lanes of a {@link ChangeDetector} batch on the container's asynchronous EJB
 * threads. Not a {@code ManagedExecutorService}: on Payara, a task submitted from a timer's thread
 * leaves that thread's invocation context broken when it ends.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class CheckLanes {

  @Inject ChangeDetector detector;

  /** {@link ChangeDetector#checkLane} in the background; the future gives how many changed. */
  @Asynchronous
  public Future<Integer> check(List<PreviewTracker.Due> due, int first, int step) {
    return new AsyncResult<>(detector.checkLane(due, first, step));
  }
}
