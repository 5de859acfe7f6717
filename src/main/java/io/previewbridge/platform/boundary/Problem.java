package io.previewbridge.platform.boundary;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * An RFC 9457 problem detail, the one error body of every non-OAuth endpoint. {@code type} is a
 * stable URI per kind of problem; {@code errors} lists field-level problems of a rejected input;
 * {@code incident} is the id under which a server error was logged.
 */
@JsonbPropertyOrder({"type", "title", "status", "detail", "errors", "incident"})
public record Problem(
    String type,
    String title,
    int status,
    String detail,
    List<FieldError> errors,
    String incident) {

  public static final String MEDIA_TYPE = "application/problem+json";
  static final String TYPE_BASE = "https://previewbridge.io/problems/";

  /** One rejected field: a JSON path or parameter name, and what is wrong with it. */
  @JsonbNillable(false)
  public record FieldError(String field, String message) {}

  public static Problem of(Response.StatusType status, String slug, String detail) {
    return new Problem(
        TYPE_BASE + slug, status.getReasonPhrase(), status.getStatusCode(), detail, null, null);
  }

  public Problem withErrors(List<FieldError> fieldErrors) {
    return new Problem(type, title, status, detail, fieldErrors, incident);
  }

  public Problem withIncident(String incidentId) {
    return new Problem(type, title, status, detail, errors, incidentId);
  }

  public Response toResponse() {
    return Response.status(status).type(MEDIA_TYPE).entity(this).build();
  }
}
