package io.previewbridge.platform.control;

/**
 * Whether a failure is another writer's commit winning an optimistic version check: JPA's {@code
 * OptimisticLockException}, or the provider's own of that name when the conflict shows only at
 * commit, however the container wrapped it (EJB, {@code @Transactional}, rollback). Such a failure
 * is a race, not a fault: the newer write stands, and the caller answers or retries accordingly.
 */
public final class VersionConflicts {

  public static boolean lost(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getClass().getSimpleName().equals("OptimisticLockException")) {
        return true;
      }
    }
    return false;
  }

  private VersionConflicts() {}
}
