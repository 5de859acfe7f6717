package io.previewbridge.identity.control;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * At most {@code permits} password hashes at once: PBKDF2 is made to be slow, so more of them than
 * the server has cores only slows every sign-in down and hands an attacker a lever on the CPU. A
 * check that cannot start within {@code wait} is refused ({@link SignInBusy}), without hashing.
 */
final class HashingGate {

  private final Semaphore permits;
  private final long waitMillis;

  HashingGate(int permits, long waitMillis) {
    this.permits = new Semaphore(Math.max(1, permits));
    this.waitMillis = waitMillis;
  }

  <T> T run(Supplier<T> hashing) {
    try {
      if (!permits.tryAcquire(waitMillis, TimeUnit.MILLISECONDS)) {
        throw new SignInBusy();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SignInBusy();
    }
    try {
      return hashing.get();
    } finally {
      permits.release();
    }
  }
}
