package io.previewbridge.simulator.boundary;

import io.previewbridge.simulator.control.Pages;
import io.previewbridge.simulator.control.ReceivedPatch;
import io.previewbridge.simulator.control.SimulatedNotion;
import io.previewbridge.simulator.control.SimulatedUser;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import jakarta.json.stream.JsonGenerator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The simulator's page: a person plays Notion. Connect sends the browser through PreviewBridge's
 * real authorize page (sign-in and consent) with Notion's parameters and a fresh {@code state}; the
 * callback checks the state and trades the code at PreviewBridge's token URL the way Notion does (a
 * form POST carrying the client secret); then a pasted URL is unfurled with the bearer token, and
 * the answer and the PATCHes received since are shown.
 *
 * <p>The simulator knows PreviewBridge only by its public URLs ({@code simulator.previewbridge.*}
 * keys). Its redirect URI is always its own {@code /simulator/callback}: PreviewBridge accepts it
 * because demo mode registers exactly that as {@code previewbridge.notion.redirect-uri}; with
 * another value, PreviewBridge's authorize page refuses the request and says so.
 */
@RequestScoped
@Path("")
public class SimulatorPageResource {

  static final String HTML = MediaType.TEXT_HTML + "; charset=utf-8";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Inject Pages pages;
  @Inject SimulatedUser user;
  @Inject SimulatedNotion notion;

  /**
   * PreviewBridge's public base URL: its authorize, token and unfurl URLs hang off it. Unset, the
   * simulator follows {@code previewbridge.public-url} when the JVM has it (the demo runs both
   * applications in one server), else the demo's default address. The fallback is resolved here
   * rather than with a config expression default, because Payara drops the colons of an expression
   * default such as {@code ${previewbridge.public-url:http://localhost:8080}}.
   */
  @Inject
  @ConfigProperty(name = "simulator.previewbridge.url")
  Optional<String> previewBridgeUrl;

  @Inject
  @ConfigProperty(name = "previewbridge.public-url")
  Optional<String> publicUrl;

  /**
   * The simulator's own public base URL; unset, PreviewBridge's base URL plus {@code /simulator}.
   */
  @Inject
  @ConfigProperty(name = "simulator.url")
  Optional<String> simulatorUrl;

  static final String DEMO_URL = "http://localhost:8080";

  /** The OAuth client id and secret PreviewBridge issued to "Notion". */
  @Inject
  @ConfigProperty(name = "simulator.previewbridge.client-id", defaultValue = "")
  String clientId;

  @Inject
  @ConfigProperty(name = "simulator.previewbridge.client-secret", defaultValue = "")
  String clientSecret;

  @GET
  @Produces(HTML)
  public String page(@QueryParam("message") String message) {
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("previewbridge", root() + "/");
    model.put("self", self() + "/");
    model.put("connected", user.accessToken().isPresent());
    model.put("message", message);
    model.put("callback", callback());
    model.put("workspace", SimulatedNotion.WORKSPACE_NAME);
    model.put("sample", root() + "/demo/items/task-12");
    user.lastUnfurl().ifPresent(json -> model.put("unfurl", json));
    List<Map<String, Object>> patches = new ArrayList<>();
    for (ReceivedPatch patch : notion.patches().stream().limit(10).toList()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("when", SimulatorApiResource.UTC_MILLIS.format(patch.receivedAt()));
      row.put("status", patch.status());
      row.put("uri", patch.uri());
      row.put("body", pretty(patch.body()));
      patches.add(row);
    }
    model.put("patches", patches);
    return pages.render("simulator-page", model);
  }

  /** Notion's authorize redirect (§2.1), with a code Notion would have generated. */
  @POST
  @Path("connect")
  public Response connect() {
    URI authorize =
        UriBuilder.fromUri(root() + "/notion/authorize")
            .queryParam("client_id", clientId)
            .queryParam("redirect_uri", callback())
            .queryParam("response_type", "code")
            .queryParam("scope", "unfurl")
            .queryParam("state", user.newState())
            .queryParam("code", notion.newCode())
            .build();
    return Response.seeOther(authorize).build();
  }

  @GET
  @Path("callback")
  public Response callback(
      @QueryParam("code") String code,
      @QueryParam("state") String state,
      @QueryParam("error") String error,
      @QueryParam("error_description") String description) {
    if (!user.consumeState(state)) {
      return back("The callback's state is not one this simulator sent (or it expired): refused.");
    }
    if (error != null) {
      return back(
          "PreviewBridge answered " + error + (description == null ? "" : ": " + description));
    }
    if (code == null || code.isBlank()) {
      return back("The callback carried no code.");
    }
    String form =
        "grant_type=authorization_code&code="
            + encode(code)
            + "&client_id="
            + encode(clientId)
            + "&client_secret="
            + encode(clientSecret)
            + "&redirect_uri="
            + encode(callback());
    HttpResponse<String> answer =
        call(
            HttpRequest.newBuilder(URI.create(root() + "/notion/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    if (answer == null) {
      return back("PreviewBridge's token URL could not be reached.");
    }
    JsonValue body = parse(answer.body());
    if (answer.statusCode() != 200
        || body.getValueType() != JsonValue.ValueType.OBJECT
        || !body.asJsonObject().containsKey("access_token")) {
      return back("The token URL answered " + answer.statusCode() + ": " + answer.body());
    }
    user.connected(body.asJsonObject().getString("access_token"));
    return back("Connected: Notion now holds an access token from PreviewBridge.");
  }

  @POST
  @Path("unfurl")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response unfurl(@FormParam("url") String url) {
    if (user.accessToken().isEmpty()) {
      return back("Connect first: Notion unfurls only for a connected user.");
    }
    if (url == null || url.isBlank()) {
      return back("Paste a URL to unfurl.");
    }
    String body = Json.createObjectBuilder().add("uri", url.strip()).build().toString();
    HttpResponse<String> answer =
        call(
            HttpRequest.newBuilder(URI.create(root() + "/notion/unfurl"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + user.accessToken().get())
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    if (answer == null) {
      return back("PreviewBridge's unfurl URL could not be reached.");
    }
    user.unfurled("HTTP " + answer.statusCode() + "\n" + pretty(parse(answer.body())));
    return back(null);
  }

  @POST
  @Path("disconnect")
  public Response disconnect() {
    user.disconnect();
    return back("Disconnected (Notion forgot its token; PreviewBridge was not told).");
  }

  private Response back(String message) {
    UriBuilder page = UriBuilder.fromUri(self() + "/");
    if (message != null) {
      page.queryParam("message", message.length() > 500 ? message.substring(0, 500) : message);
    }
    return Response.seeOther(page.build()).build();
  }

  private static HttpResponse<String> call(HttpRequest.Builder request) {
    try {
      return HTTP.send(
          request.timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  String root() {
    return withoutSlash(previewBridgeUrl.or(() -> publicUrl).orElse(DEMO_URL));
  }

  String self() {
    return withoutSlash(simulatorUrl.orElse(root() + "/simulator"));
  }

  private String callback() {
    return self() + "/callback";
  }

  private static String withoutSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static JsonValue parse(String text) {
    try {
      return Json.createReader(new StringReader(text)).readValue();
    } catch (RuntimeException notJson) {
      return Json.createValue(text == null ? "" : text);
    }
  }

  static String pretty(JsonValue value) {
    if (value == null) {
      return "";
    }
    JsonWriterFactory factory =
        Json.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));
    StringWriter out = new StringWriter();
    try (JsonWriter writer = factory.createWriter(out)) {
      writer.write(value);
    }
    return out.toString().strip();
  }
}
