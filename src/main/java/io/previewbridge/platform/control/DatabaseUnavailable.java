package io.previewbridge.platform.control;

import java.lang.reflect.Method;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;

/**
 * Whether a failure is the database being out of reach (stopped, restarting, the network gone), as
 * opposed to a fault in what was asked of it: a request that meets an outage is answered "try again
 * in a moment" (503), not as a server error, and the pool's connection validation brings the
 * application back when the database is (no restart).
 */
public final class DatabaseUnavailable {

  private DatabaseUnavailable() {}

  public static boolean isCause(Throwable failure) {
    int depth = 0;
    for (Throwable t = failure; t != null && depth < 20; t = next(t), depth++) {
      if (t instanceof SQLTransientConnectionException
          || t instanceof SQLNonTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState();
        String message = String.valueOf(sql.getMessage()).toLowerCase(Locale.ROOT);
        // SQL state class 08: connection exception; Payara's pool says it in its message
        if ((state != null && state.startsWith("08"))
            || message.contains("error in allocating a connection")
            || message.contains("connection could not be allocated")) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The cause, or (for EclipseLink's exceptions, whose cause is not always their "internal
   * exception") that internal exception.
   */
  private static Throwable next(Throwable t) {
    Throwable cause = t.getCause();
    if (cause != null && cause != t) {
      return cause;
    }
    try {
      Method internal = t.getClass().getMethod("getInternalException");
      Object inner = internal.invoke(t);
      return inner instanceof Throwable throwable && throwable != t ? throwable : null;
    } catch (ReflectiveOperationException | RuntimeException none) {
      return null;
    }
  }
}
