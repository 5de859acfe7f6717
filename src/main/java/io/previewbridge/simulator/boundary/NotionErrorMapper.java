package io.previewbridge.simulator.boundary;

import io.previewbridge.simulator.control.NotionError;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;

/**
 * The simulated Notion's errors in Notion's shape: {@code {"object":"error","status":...,"code":
 * ...,"message":...,"request_id":...}}, with {@code Retry-After} when planned.
 */
@Provider
public class NotionErrorMapper implements ExceptionMapper<NotionError> {

  @Override
  public Response toResponse(NotionError error) {
    JsonObjectBuilder body =
        Json.createObjectBuilder()
            .add("object", "error")
            .add("status", error.status())
            .add("code", error.code())
            .add("message", error.getMessage())
            .add("request_id", UUID.randomUUID().toString());
    if (!error.additionalData().isEmpty()) {
      JsonObjectBuilder data = Json.createObjectBuilder();
      error.additionalData().forEach(data::add);
      body.add("additional_data", data);
    }
    Response.ResponseBuilder response =
        Response.status(error.status())
            .type(MediaType.APPLICATION_JSON)
            .entity(body.build().toString());
    if (error.retryAfter() != null) {
      response.header("Retry-After", error.retryAfter());
    }
    return response.build();
  }
}
