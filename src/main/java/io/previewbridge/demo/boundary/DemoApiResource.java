package io.previewbridge.demo.boundary;

import io.previewbridge.demo.control.DemoCatalog;
import io.previewbridge.demo.control.DemoLinks;
import io.previewbridge.platform.control.InvalidInput;
import io.previewbridge.platform.entity.JsonP;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.StringReader;

/**
 * The demo product's JSON API: what the demo sources file fetches, and what scripts and tests use
 * to change items. {@code PUT} replaces every editable field (send back what GET gave, changed);
 * {@code PATCH} (a JSON merge patch) changes only the fields it names.
 */
@DemoOnly
@RequestScoped
@Path("demo/api/items")
@Produces(MediaType.APPLICATION_JSON)
public class DemoApiResource {

  @Inject DemoCatalog catalog;
  @Inject DemoLinks links;

  @GET
  public JsonObject list() {
    JsonArrayBuilder items = JsonP.createArrayBuilder();
    catalog.all().forEach(item -> items.add(ItemJson.summary(item, links)));
    return JsonP.createObjectBuilder().add("items", items).build();
  }

  @GET
  @Path("{id}")
  public JsonObject get(@PathParam("id") String id) {
    return ItemJson.of(catalog.find(id), links);
  }

  @PUT
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  public JsonObject replace(@PathParam("id") String id, String body) {
    catalog.find(id);
    return ItemJson.of(catalog.edit(id, ItemJson.fields(object(body)), false), links);
  }

  @PATCH
  @Path("{id}")
  @Consumes({"application/merge-patch+json", MediaType.APPLICATION_JSON})
  public JsonObject merge(@PathParam("id") String id, String body) {
    catalog.find(id);
    return ItemJson.of(catalog.edit(id, ItemJson.fields(object(body)), true), links);
  }

  /** Parsed here, not by a provider, so that every malformed body gets the same clear 400. */
  static JsonObject object(String body) {
    if (body == null || body.isBlank()) {
      throw new InvalidInput("The request body is empty; send the item as a JSON object.");
    }
    JsonValue value;
    try (JsonReader reader = JsonP.createReader(new StringReader(body))) {
      value = reader.readValue();
    }
    if (value.getValueType() != JsonValue.ValueType.OBJECT) {
      throw new InvalidInput("The request body must be a JSON object.");
    }
    return value.asJsonObject();
  }
}
