package io.previewbridge.simulator.control;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;

/**
 * Failures the simulated Notion API has been told to answer with: the next {@code count} requests
 * (to one endpoint or to both) get {@code status} instead of being handled, with {@code
 * Retry-After} when one was given. This is how the demo and the tests show retries and back-off.
 */
@ApplicationScoped
public class Faults {

  /** Which of the simulated endpoints a fault applies to. */
  public enum Endpoint {
    TOKEN,
    PATCH,
    ANY;

    boolean covers(Endpoint requested) {
      return this == ANY || this == requested;
    }
  }

  /** What is planned: {@code remaining} more answers with {@code status}. */
  public record Plan(int status, int remaining, Integer retryAfter, Endpoint endpoint) {}

  /** The statuses a real Notion answers when it is throttling or failing. */
  public static final Map<Integer, String> CODES =
      Map.of(
          429, "rate_limited",
          500, "internal_server_error",
          502, "bad_gateway",
          503, "service_unavailable",
          504, "gateway_timeout",
          529, "service_overload");

  private Plan plan;

  public synchronized Plan plan(int status, int count, Integer retryAfter, Endpoint endpoint) {
    if (!CODES.containsKey(status)) {
      throw new IllegalArgumentException("no fault for status " + status);
    }
    plan = new Plan(status, count, retryAfter, endpoint);
    return plan;
  }

  public synchronized Optional<Plan> current() {
    return Optional.ofNullable(plan);
  }

  public synchronized void clear() {
    plan = null;
  }

  /** Throws the planned failure for this request, if one is due, and counts it. */
  public void failIfPlanned(Endpoint requested) {
    Plan due;
    synchronized (this) {
      if (plan == null || !plan.endpoint().covers(requested)) {
        return;
      }
      due = plan;
      plan =
          due.remaining() > 1
              ? new Plan(due.status(), due.remaining() - 1, due.retryAfter(), due.endpoint())
              : null;
    }
    throw failure(due);
  }

  static NotionError failure(Plan plan) {
    String code = CODES.get(plan.status());
    if (plan.status() == 429) {
      return new NotionError(
          429,
          code,
          "You have been rate limited. Please try again in a few minutes.",
          plan.retryAfter(),
          Map.of("rate_limit_reason", "public_api_request_rate_limit"));
    }
    return new NotionError(
        plan.status(), code, "Simulated failure (" + code + ").", plan.retryAfter(), Map.of());
  }
}
