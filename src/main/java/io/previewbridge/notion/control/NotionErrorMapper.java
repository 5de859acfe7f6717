package io.previewbridge.notion.control;

import io.previewbridge.platform.entity.JsonP;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import java.time.Duration;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/** Turns Notion's error responses ({@code {"object":"error","code":...}}) into exceptions. */
public class NotionErrorMapper implements ResponseExceptionMapper<NotionApiException> {

  @Override
  public boolean handles(int status, MultivaluedMap<String, Object> headers) {
    return status >= 400;
  }

  @Override
  public NotionApiException toThrowable(Response response) {
    String code = "http_" + response.getStatus();
    String message = "Notion answered " + response.getStatus();
    try {
      response.bufferEntity();
      String body = response.readEntity(String.class);
      if (body != null && body.trim().startsWith("{")) {
        try (JsonReader reader = JsonP.createReader(new StringReader(body))) {
          JsonObject error = reader.readObject();
          code = error.getString("code", code);
          message = error.getString("message", message);
        }
      }
    } catch (RuntimeException unreadable) {
      // keep the status-based description
    }
    return new NotionApiException(
        response.getStatus(), code, message, retryAfter(response.getHeaderString("Retry-After")));
  }

  /** Notion sends whole seconds; anything else is ignored rather than trusted. */
  static Duration retryAfter(String header) {
    if (header == null) {
      return null;
    }
    try {
      long seconds = Long.parseLong(header.trim());
      return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
    } catch (NumberFormatException notSeconds) {
      return null;
    }
  }
}
