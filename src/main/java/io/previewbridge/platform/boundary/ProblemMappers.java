package io.previewbridge.platform.boundary;

import io.previewbridge.platform.control.InvalidInput;
import io.previewbridge.platform.control.NotFound;
import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns every exception that reaches JAX-RS into an {@code application/problem+json} response.
 * Nothing here ever puts a stack trace or an exception message of unknown origin into a body; a
 * server error is logged once under an incident id that the body repeats.
 */
public final class ProblemMappers {

  private static final Logger LOG = Logger.getLogger(ProblemMappers.class.getName());

  private ProblemMappers() {}

  @Provider
  public static class InvalidInputMapper implements ExceptionMapper<InvalidInput> {
    @Override
    public Response toResponse(InvalidInput e) {
      return Problem.of(Status.BAD_REQUEST, "invalid-input", e.getMessage())
          .withErrors(
              e.violations().isEmpty()
                  ? null
                  : e.violations().stream()
                      .map(v -> new Problem.FieldError(v.field(), v.message()))
                      .toList())
          .toResponse();
    }
  }

  @Provider
  public static class NotFoundMapper implements ExceptionMapper<NotFound> {
    @Override
    public Response toResponse(NotFound e) {
      return Problem.of(Status.NOT_FOUND, "not-found", e.getMessage()).toResponse();
    }
  }

  /** Bean Validation failures of JAX-RS parameters and bodies. */
  @Provider
  public static class ConstraintViolationMapper
      implements ExceptionMapper<ConstraintViolationException> {
    @Override
    public Response toResponse(ConstraintViolationException e) {
      List<Problem.FieldError> errors =
          e.getConstraintViolations().stream()
              .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
              .map(v -> new Problem.FieldError(fieldName(v), v.getMessage()))
              .toList();
      return Problem.of(Status.BAD_REQUEST, "invalid-input", "The request has invalid fields.")
          .withErrors(errors)
          .toResponse();
    }

    /** "unfurl.arg0.uri" becomes "uri": the caller knows its fields, not our method names. */
    static String fieldName(ConstraintViolation<?> violation) {
      String path = violation.getPropertyPath().toString();
      int argument = path.indexOf(".arg");
      if (argument >= 0) {
        int next = path.indexOf('.', argument + 4);
        return next >= 0 ? path.substring(next + 1) : "body";
      }
      int dot = path.indexOf('.');
      return dot >= 0 ? path.substring(dot + 1) : path;
    }
  }

  @Provider
  public static class BodyTooLargeMapper
      implements ExceptionMapper<RequestBodyLimits.BodyTooLarge> {
    @Override
    public Response toResponse(RequestBodyLimits.BodyTooLarge e) {
      return tooLargeOr(e, () -> null);
    }
  }

  /**
   * A transaction that failed at commit. Jersey's own mapper for this type rethrows its cause,
   * which then escapes as a bare 500 without an incident id; this one is chosen first (priority)
   * and answers a lost race on a row (optimistic or pessimistic lock) with a 409 to try again, and
   * anything else as the server error it is.
   */
  @Provider
  @jakarta.annotation.Priority(1)
  public static class TransactionalExceptionMapper
      implements ExceptionMapper<jakarta.transaction.TransactionalException> {
    @Override
    public Response toResponse(jakarta.transaction.TransactionalException e) {
      for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
        if (t instanceof jakarta.persistence.OptimisticLockException
            || t instanceof jakarta.persistence.PessimisticLockException
            || t instanceof jakarta.persistence.LockTimeoutException) {
          return Problem.of(
                  Status.CONFLICT,
                  "concurrent-change",
                  "Something else changed this at the same moment; try again.")
              .toResponse();
        }
      }
      return tooLargeOr(e, () -> serverErrorOrOutage(e));
    }
  }

  /** A body that is not JSON, or not JSON of the expected shape. */
  @Provider
  public static class JsonbExceptionMapper implements ExceptionMapper<JsonbException> {
    @Override
    public Response toResponse(JsonbException e) {
      return tooLargeOr(e, ProblemMappers::malformedJson);
    }
  }

  @Provider
  public static class JsonExceptionMapper implements ExceptionMapper<JsonException> {
    @Override
    public Response toResponse(JsonException e) {
      return tooLargeOr(e, ProblemMappers::malformedJson);
    }
  }

  @Provider
  public static class ProcessingExceptionMapper implements ExceptionMapper<ProcessingException> {
    @Override
    public Response toResponse(ProcessingException e) {
      return tooLargeOr(e, ProblemMappers::malformedJson);
    }
  }

  /**
   * A {@code Content-Type} whose {@code charset} the JVM does not know ({@code charset=nope}): the
   * body cannot be read, and that is the client's doing, not a server error.
   */
  @Provider
  public static class UnknownCharsetMapper
      implements ExceptionMapper<java.nio.charset.UnsupportedCharsetException> {
    @Override
    public Response toResponse(java.nio.charset.UnsupportedCharsetException e) {
      return unknownCharset();
    }
  }

  /** A {@code charset} that is not even a legal name ({@code charset=<?>}). */
  @Provider
  public static class IllegalCharsetMapper
      implements ExceptionMapper<java.nio.charset.IllegalCharsetNameException> {
    @Override
    public Response toResponse(java.nio.charset.IllegalCharsetNameException e) {
      return unknownCharset();
    }
  }

  static Response unknownCharset() {
    return Problem.of(
            Status.BAD_REQUEST,
            "unknown-charset",
            "The request's Content-Type names a charset this server does not know; send UTF-8.")
        .toResponse();
  }

  static Response malformedJson() {
    return Problem.of(
            Status.BAD_REQUEST,
            "malformed-body",
            "The request body is not valid JSON of the expected shape.")
        .toResponse();
  }

  /** JAX-RS's own answers (404 no such path, 405, 406, 415 ...) in the problem vocabulary. */
  @Provider
  public static class WebApplicationExceptionMapper
      implements ExceptionMapper<WebApplicationException> {
    @Override
    public Response toResponse(WebApplicationException e) {
      Response tooLarge = tooLargeOr(e, () -> null);
      if (tooLarge != null) {
        return tooLarge;
      }
      Response original = e.getResponse();
      if (original.getStatus() >= 500) {
        return serverErrorOrOutage(e);
      }
      if (original.hasEntity()) {
        return original;
      }
      Response.StatusType status = original.getStatusInfo();
      if (e.getCause() instanceof JsonbException || e.getCause() instanceof JsonException) {
        return malformedJson();
      }
      Response.ResponseBuilder problem =
          Response.fromResponse(Problem.of(status, slug(status), detail(status)).toResponse())
              .type(Problem.MEDIA_TYPE);
      return problem.build();
    }

    static String slug(Response.StatusType status) {
      return status.getReasonPhrase().toLowerCase().replaceAll("[^a-z0-9]+", "-");
    }

    static String detail(Response.StatusType status) {
      return switch (status.getStatusCode()) {
        case 401 -> "Authentication is required: send a valid bearer token.";
        case 403 -> "You are not allowed to do this.";
        case 404 -> "There is nothing at this address.";
        case 405 -> "This address does not accept that method.";
        case 406 -> "This address cannot answer in the media type you asked for.";
        case 413 -> "The request body is too large.";
        case 415 -> "This address does not accept that content type.";
        default -> status.getReasonPhrase();
      };
    }
  }

  @Provider
  public static class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {
    @Override
    public Response toResponse(Throwable e) {
      return tooLargeOr(e, () -> serverErrorOrOutage(e));
    }
  }

  private static final java.util.concurrent.atomic.AtomicLong OUTAGE_LOGGED =
      new java.util.concurrent.atomic.AtomicLong();

  /**
   * A request that met a database outage: 503 with {@code Retry-After}, logged at most once a
   * minute (an outage fails every request); anything else is a server error with an incident.
   */
  static Response serverErrorOrOutage(Throwable e) {
    if (!io.previewbridge.platform.control.DatabaseUnavailable.isCause(e)) {
      return serverError(e);
    }
    long now = System.currentTimeMillis();
    long last = OUTAGE_LOGGED.get();
    if (now - last > 60_000 && OUTAGE_LOGGED.compareAndSet(last, now)) {
      LOG.warning("The database cannot be reached; requests are answered 503 until it is back");
    }
    return Response.fromResponse(
            Problem.of(
                    Status.SERVICE_UNAVAILABLE,
                    "database-unavailable",
                    "The service cannot reach its database right now; try again in a moment.")
                .toResponse())
        .header("Retry-After", 5)
        .build();
  }

  /**
   * A body cut off by {@link RequestBodyLimits} surfaces wrapped in whatever was reading it (the
   * JSON parser, the form reader): it is a 413 however deep it sits.
   */
  static Response tooLargeOr(Throwable e, java.util.function.Supplier<Response> otherwise) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof RequestBodyLimits.BodyTooLarge tooLarge) {
        return Problem.of(Status.REQUEST_ENTITY_TOO_LARGE, "body-too-large", tooLarge.getMessage())
            .toResponse();
      }
    }
    return otherwise.get();
  }

  static Response serverError(Throwable e) {
    String incident = UUID.randomUUID().toString();
    LOG.log(Level.SEVERE, "Incident " + incident + ": unexpected error", e);
    return Problem.of(
            Status.INTERNAL_SERVER_ERROR,
            "server-error",
            "Something went wrong on our side; the incident id identifies it in the server log.")
        .withIncident(incident)
        .toResponse();
  }
}
