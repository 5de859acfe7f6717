package io.previewbridge.simulator.boundary;

import io.previewbridge.simulator.control.Addresses;
import io.previewbridge.simulator.control.Faults;
import io.previewbridge.simulator.control.IntegrationSettings;
import io.previewbridge.simulator.control.InvalidRequest;
import io.previewbridge.simulator.control.Lab;
import io.previewbridge.simulator.control.NotionClientSide;
import io.previewbridge.simulator.control.Placeholders;
import io.previewbridge.simulator.control.PreviewBridgeHttp;
import io.previewbridge.simulator.control.SimulatedNotion;
import io.previewbridge.simulator.control.SimulatedUser;
import io.previewbridge.simulator.control.TokenSet;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.StringReader;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;

/**
 * The JSON the simulator's page runs on ({@code /simulator/api/page/...}) and the Lab's validator
 * ({@code POST /simulator/api/lab/validate}). Malformed input is a 400 problem with a message that
 * says what to send, never a 500.
 */
@RequestScoped
@Path("api")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class PageApiResource {

  @Inject SimulatedUser user;
  @Inject SimulatedNotion notion;
  @Inject NotionClientSide client;
  @Inject IntegrationSettings settings;
  @Inject Addresses addresses;
  @Inject Faults faults;
  @Inject Clock clock;

  /** Everything the page shows: connection, settings, cards, activity, planned fault. */
  @GET
  @Path("page/state")
  public JsonObject state() {
    JsonObjectBuilder state = Json.createObjectBuilder();
    state.add("connected", user.accessToken().isPresent());
    user.tokens()
        .flatMap(TokenSet::refreshAt)
        .ifPresent(at -> state.add("refreshAt", at.toString()));
    user.pending().ifPresent(link -> state.add("pending", link));
    state.add("connectUrl", addresses.self() + "/connect");
    state.add("previewBridge", addresses.previewBridge());

    JsonArray known = settings.rules(); // first: it may fetch them from PreviewBridge
    JsonObjectBuilder integration = Json.createObjectBuilder();
    settings.origin().forEach(integration::add);
    JsonArrayBuilder rules = Json.createArrayBuilder();
    for (JsonValue rule : known) {
      if (rule instanceof JsonObject r) {
        JsonObjectBuilder summary = Json.createObjectBuilder();
        for (String key : new String[] {"ruleName", "pattern", "sampleUrls"}) {
          if (r.containsKey(key)) {
            summary.add(key, r.get(key));
          }
        }
        rules.add(summary);
      }
    }
    integration.add("rules", rules);
    settings.current().ifPresent(s -> integration.add("document", s));
    state.add("settings", integration);

    JsonArrayBuilder cards = Json.createArrayBuilder();
    for (String link : user.links()) {
      JsonObjectBuilder card = Json.createObjectBuilder().add("uri", link);
      notion.object(link).ifPresent(body -> card.add("body", body));
      placeholder(link).ifPresent(match -> card.add("placeholder", match.attributes()));
      cards.add(card);
    }
    state.add("cards", cards);

    JsonArrayBuilder activity = Json.createArrayBuilder();
    for (NotionClientSide.Activity a : client.activity().stream().limit(12).toList()) {
      activity.add(
          Json.createObjectBuilder()
              .add("at", SimulatorApiResource.UTC_MILLIS.format(a.at()))
              .add("what", a.what())
              .add("status", a.status())
              .add("ok", a.ok()));
    }
    state.add("activity", activity);
    state.add("fault", SimulatorApiResource.json(faults.current().orElse(null)));
    return state.build();
  }

  /**
   * A link was pasted: the placeholder of the first matching rule at once (or {@code matched:
   * false}: Notion leaves the link as a plain link). Not connected yet, the link waits for the
   * authorization trip ({@code connectUrl}).
   */
  @POST
  @Path("page/paste")
  public JsonObject paste(String body) {
    String link = link(body);
    JsonObjectBuilder answer = Json.createObjectBuilder().add("uri", link);
    Optional<Placeholders.Match> match = placeholder(link);
    answer.add("matched", match.isPresent());
    if (match.isEmpty()) {
      return answer.build();
    }
    answer.add("ruleName", match.get().ruleName()).add("placeholder", match.get().attributes());
    user.pasted(link);
    boolean connected = user.accessToken().isPresent();
    answer.add("connected", connected);
    if (!connected) {
      user.pending(link);
      answer.add("connectUrl", addresses.self() + "/connect");
    }
    return answer.build();
  }

  /** Notion calls PreviewBridge's unfurl URL for a pasted link (refreshing the token if due). */
  @POST
  @Path("page/unfurl")
  public JsonObject unfurl(String body) {
    String link = link(body);
    if (user.accessToken().isEmpty()) {
      throw new InvalidRequest("Connect first: Notion unfurls only for a connected user.");
    }
    user.takePending();
    user.pasted(link);
    NotionClientSide.Unfurl result = client.unfurl(link);
    return Json.createObjectBuilder()
        .add("uri", result.uri())
        .add("status", result.status())
        .add("body", result.body())
        .build();
  }

  /** The card is removed from the page: Notion sends DELETE /notion/unfurl. */
  @POST
  @Path("page/remove")
  public JsonObject remove(String body) {
    String link = link(body);
    PreviewBridgeHttp.Answer answer = client.remove(link);
    return Json.createObjectBuilder()
        .add("uri", link)
        .add("status", answer.status())
        .add("body", answer.body() == null ? "" : answer.body())
        .build();
  }

  /** "Disconnect": the deleted-token callback, then Notion forgets its tokens. */
  @POST
  @Path("page/disconnect")
  public JsonObject disconnect() {
    PreviewBridgeHttp.Answer answer = client.disconnect();
    return Json.createObjectBuilder()
        .add("status", answer.status())
        .add("body", answer.body() == null ? "" : answer.body())
        .build();
  }

  /** The integration's settings as pasted into Notion's portal (see IntegrationSettings). */
  @PUT
  @Path("settings")
  public JsonObject pasteSettings(String body) {
    return settings.paste(body);
  }

  @DELETE
  @Path("settings")
  public void resetSettings() {
    settings.reset();
  }

  /** The Lab: every problem Notion's checks find, and the body to render. */
  @POST
  @Path("lab/validate")
  public JsonObject validate(String body) {
    Lab.Verdict verdict = Lab.validate(body);
    JsonArrayBuilder problems = Json.createArrayBuilder();
    verdict.problems().forEach(problems::add);
    return Json.createObjectBuilder()
        .add("kind", verdict.kind())
        .add("valid", verdict.valid())
        .add("problems", problems)
        .add("body", verdict.body())
        .build();
  }

  private Optional<Placeholders.Match> placeholder(String link) {
    return Placeholders.match(settings.rules(), link);
  }

  /** The {@code url} (or {@code uri}) of a JSON body: an absolute http(s) URL. */
  static String link(String body) {
    if (body == null || body.isBlank()) {
      throw new InvalidRequest("Send {\"url\": \"https://...\"}.");
    }
    JsonValue value;
    try (JsonReader reader = Json.createReader(new StringReader(body))) {
      value = reader.readValue();
    } catch (JsonException notJson) {
      throw new InvalidRequest(
          "The request body is not valid JSON; send {\"url\": \"https://...\"}.");
    }
    JsonValue url =
        value instanceof JsonObject o ? o.getOrDefault("url", o.get("uri")) : JsonValue.NULL;
    if (!(url instanceof JsonString text) || text.getString().isBlank()) {
      throw new InvalidRequest("Send {\"url\": \"https://...\"}.");
    }
    String link = text.getString().strip();
    try {
      URI uri = URI.create(link);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null
          || link.length() > 2000) {
        throw new IllegalArgumentException();
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidRequest("Paste an http(s) link of at most 2000 characters.");
    }
    return link;
  }
}
