package io.previewbridge.simulator.boundary;

import io.previewbridge.simulator.control.InvalidRequest;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The simulator's own errors (its controls and pages, not the simulated Notion API, which answers
 * Notion's error object) as {@code application/problem+json}, in the same shape PreviewBridge uses:
 * {@code type}, {@code title}, {@code status}, {@code detail}, per-field {@code errors}. Never a
 * stack trace; an unexpected failure is logged once under an incident id.
 */
public final class ProblemMappers {

  static final String MEDIA_TYPE = "application/problem+json";
  static final String TYPE_BASE = "https://previewbridge.io/problems/simulator/";
  private static final Logger LOG = Logger.getLogger(ProblemMappers.class.getName());

  private ProblemMappers() {}

  @Provider
  public static class InvalidRequestMapper implements ExceptionMapper<InvalidRequest> {
    @Override
    public Response toResponse(InvalidRequest e) {
      JsonObjectBuilder problem =
          problem(Response.Status.BAD_REQUEST, "invalid-input", e.getMessage());
      if (!e.violations().isEmpty()) {
        JsonArrayBuilder errors = Json.createArrayBuilder();
        e.violations()
            .forEach(
                v ->
                    errors.add(
                        Json.createObjectBuilder()
                            .add("field", v.field())
                            .add("message", v.message())));
        problem.add("errors", errors);
      }
      return response(400, problem);
    }
  }

  /** JAX-RS's own answers (404, 405, 415 ...) in the same vocabulary. */
  @Provider
  public static class WebApplicationExceptionMapper
      implements ExceptionMapper<WebApplicationException> {
    @Override
    public Response toResponse(WebApplicationException e) {
      Response.StatusType status = e.getResponse().getStatusInfo();
      if (status.getStatusCode() >= 500) {
        return serverError(e);
      }
      String slug = status.getReasonPhrase().toLowerCase().replaceAll("[^a-z0-9]+", "-");
      return response(status.getStatusCode(), problem(status, slug, status.getReasonPhrase()));
    }
  }

  @Provider
  public static class UnexpectedExceptionMapper implements ExceptionMapper<Exception> {
    @Override
    public Response toResponse(Exception e) {
      return serverError(e);
    }
  }

  static Response serverError(Exception e) {
    String incident = UUID.randomUUID().toString();
    LOG.log(Level.SEVERE, "Simulator incident " + incident + ": unexpected error", e);
    return response(
        500,
        problem(
                Response.Status.INTERNAL_SERVER_ERROR,
                "server-error",
                "The simulator failed; the incident id identifies it in the server log.")
            .add("incident", incident));
  }

  static JsonObjectBuilder problem(Response.StatusType status, String slug, String detail) {
    return Json.createObjectBuilder()
        .add("type", TYPE_BASE + slug)
        .add("title", status.getReasonPhrase())
        .add("status", status.getStatusCode())
        .add("detail", detail);
  }

  static Response response(int status, JsonObjectBuilder problem) {
    return Response.status(status).type(MEDIA_TYPE).entity(problem.build().toString()).build();
  }
}
