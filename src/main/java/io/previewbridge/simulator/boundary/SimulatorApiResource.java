package io.previewbridge.simulator.boundary;

import io.previewbridge.simulator.control.Faults;
import io.previewbridge.simulator.control.InvalidRequest;
import io.previewbridge.simulator.control.InvalidRequest.Violation;
import io.previewbridge.simulator.control.ReceivedPatch;
import io.previewbridge.simulator.control.SimulatedNotion;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.StringReader;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The simulator's own controls, for people and tests: what Notion received ({@code GET
 * /simulator/api/patches}, newest first; {@code DELETE} forgets them) and what it should fail with
 * next ({@code POST /simulator/api/faults {status, count, retryAfter, endpoint}}). Refusals are
 * {@code application/problem+json} (see {@link ProblemMappers}).
 */
@RequestScoped
@Path("api")
@Produces(MediaType.APPLICATION_JSON)
public class SimulatorApiResource {

  static final DateTimeFormatter UTC_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  @Inject SimulatedNotion notion;
  @Inject Faults faults;

  @GET
  @Path("patches")
  public JsonObject patches(@QueryParam("uri") String uri) {
    JsonArrayBuilder list = Json.createArrayBuilder();
    for (ReceivedPatch patch : notion.patches()) {
      if (uri == null || uri.equals(patch.uri())) {
        list.add(json(patch));
      }
    }
    return Json.createObjectBuilder().add("patches", list).build();
  }

  @DELETE
  @Path("patches")
  public void forgetPatches() {
    notion.forgetPatches();
  }

  @GET
  @Path("faults")
  public JsonObject currentFault() {
    return json(faults.current().orElse(null));
  }

  @POST
  @Path("faults")
  @Consumes(MediaType.APPLICATION_JSON)
  public JsonObject planFault(String body) {
    JsonObject request = object(body);
    List<Violation> violations = new ArrayList<>();
    Integer status = integer(request, "status", null, violations);
    if (status != null && !Faults.CODES.containsKey(status)) {
      violations.add(
          new Violation(
              "status", "must be one of " + Faults.CODES.keySet().stream().sorted().toList()));
    }
    if (!request.containsKey("status")) {
      violations.add(new Violation("status", "is required"));
    }
    Integer count = integer(request, "count", 1, violations);
    if (count != null && (count < 1 || count > 1000)) {
      violations.add(new Violation("count", "must be between 1 and 1000"));
    }
    Integer retryAfter = integer(request, "retryAfter", null, violations);
    if (retryAfter != null && (retryAfter < 0 || retryAfter > 3600)) {
      violations.add(new Violation("retryAfter", "must be between 0 and 3600 seconds"));
    }
    Faults.Endpoint endpoint = Faults.Endpoint.ANY;
    JsonValue endpointValue = request.get("endpoint");
    if (endpointValue != null && endpointValue != JsonValue.NULL) {
      String name =
          endpointValue.getValueType() == JsonValue.ValueType.STRING
              ? request.getString("endpoint").toUpperCase(Locale.ROOT)
              : "";
      try {
        endpoint = Faults.Endpoint.valueOf(name);
      } catch (IllegalArgumentException e) {
        violations.add(new Violation("endpoint", "must be token, patch or any"));
      }
    }
    if (!violations.isEmpty()) {
      throw new InvalidRequest("The fault is not valid.", violations);
    }
    if (status == 429 && retryAfter == null) {
      retryAfter = 1;
    }
    return json(faults.plan(status, count, retryAfter, endpoint));
  }

  @DELETE
  @Path("faults")
  public void clearFaults() {
    faults.clear();
  }

  static JsonObject json(ReceivedPatch patch) {
    JsonObjectBuilder json =
        Json.createObjectBuilder()
            .add("receivedAt", UTC_MILLIS.format(patch.receivedAt()))
            .add("status", patch.status())
            .add("accepted", patch.accepted());
    addOrNull(json, "code", patch.code());
    addOrNull(json, "message", patch.message());
    addOrNull(json, "notionVersion", patch.notionVersion());
    addOrNull(json, "uri", patch.uri());
    json.add("body", patch.body() == null ? JsonValue.NULL : patch.body());
    return json.build();
  }

  static JsonObject json(Faults.Plan plan) {
    if (plan == null) {
      return Json.createObjectBuilder().addNull("status").add("remaining", 0).build();
    }
    JsonObjectBuilder json =
        Json.createObjectBuilder()
            .add("status", plan.status())
            .add("remaining", plan.remaining())
            .add("endpoint", plan.endpoint().name().toLowerCase(Locale.ROOT));
    if (plan.retryAfter() == null) {
      json.addNull("retryAfter");
    } else {
      json.add("retryAfter", plan.retryAfter());
    }
    return json.build();
  }

  private static void addOrNull(JsonObjectBuilder json, String name, String value) {
    if (value == null) {
      json.addNull(name);
    } else {
      json.add(name, value);
    }
  }

  private static Integer integer(
      JsonObject request, String name, Integer fallback, List<Violation> violations) {
    JsonValue value = request.get(name);
    if (value == null || value == JsonValue.NULL) {
      return fallback;
    }
    if (value.getValueType() != JsonValue.ValueType.NUMBER || !((JsonNumber) value).isIntegral()) {
      violations.add(new Violation(name, "must be a whole number"));
      return fallback;
    }
    try {
      return ((JsonNumber) value).intValueExact();
    } catch (ArithmeticException tooBig) {
      violations.add(new Violation(name, "is out of range"));
      return fallback;
    }
  }

  private static JsonObject object(String body) {
    if (body == null || body.isBlank()) {
      throw new InvalidRequest("The request body is empty; send a JSON object.");
    }
    JsonValue value;
    try (JsonReader reader = Json.createReader(new StringReader(body))) {
      value = reader.readValue();
    } catch (JsonException notJson) {
      throw new InvalidRequest("The request body is not valid JSON.");
    }
    if (value.getValueType() != JsonValue.ValueType.OBJECT) {
      throw new InvalidRequest("The request body must be a JSON object.");
    }
    return value.asJsonObject();
  }
}
