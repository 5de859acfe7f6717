package io.previewbridge.simulator.boundary;

import io.previewbridge.simulator.control.Addresses;
import io.previewbridge.simulator.control.NotionClientSide;
import io.previewbridge.simulator.control.Pages;
import io.previewbridge.simulator.control.SimulatedNotion;
import io.previewbridge.simulator.control.SimulatedUser;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The simulator's page, a Notion page where a person pastes links, and the authorization trip
 * Notion makes the first time. The page itself is a shell; {@code assets/simulator.js} drives it
 * through {@link PageApiResource} and renders cards with {@code assets/card.js}.
 *
 * <p>Connect sends the browser to PreviewBridge's authorize page (sign-in and consent) with
 * Notion's parameters ({@code client_id}, {@code redirect_uri}, {@code response_type=code}, {@code
 * scope}, a fresh {@code state} and Notion's own {@code code}); the callback checks the state and
 * trades the code at PreviewBridge's token URL the way Notion does. The redirect URI is always the
 * simulator's own {@code /simulator/callback}: demo mode registers exactly that as {@code
 * previewbridge.notion.redirect-uri}; with another value, PreviewBridge refuses the request and
 * says so.
 */
@RequestScoped
@Path("")
public class SimulatorPageResource {

  static final String HTML = MediaType.TEXT_HTML + "; charset=utf-8";

  @Inject Pages pages;
  @Inject SimulatedUser user;
  @Inject SimulatedNotion notion;
  @Inject Addresses addresses;
  @Inject NotionClientSide client;

  @GET
  @Produces(HTML)
  public String page(@QueryParam("message") String message) {
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("previewbridge", addresses.previewBridge() + "/");
    model.put("self", addresses.self() + "/");
    model.put("connected", user.accessToken().isPresent());
    model.put("message", message);
    model.put("callback", addresses.callback());
    model.put("workspace", SimulatedNotion.WORKSPACE_NAME);
    model.put("icon", SimulatedNotion.WORKSPACE_ICON);
    model.put("sample", addresses.previewBridge() + "/demo/items/task-12");
    return pages.render("simulator-page", model);
  }

  /** Notion's authorize redirect (§2.1), with a code Notion would have generated. */
  @POST
  @Path("connect")
  public Response connect() {
    return Response.seeOther(authorizeUrl()).build();
  }

  /** The same, as a link the page can follow (Notion opens it in a pop-up). */
  @GET
  @Path("connect")
  public Response connectByLink() {
    return connect();
  }

  URI authorizeUrl() {
    return UriBuilder.fromUri(addresses.previewBridge() + "/notion/authorize")
        .queryParam("client_id", client.clientId())
        .queryParam("redirect_uri", addresses.callback())
        .queryParam("response_type", "code")
        .queryParam("scope", "unfurl")
        .queryParam("state", user.newState())
        .queryParam("code", notion.newCode())
        .build();
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
      user.takePending();
      return back(
          "PreviewBridge answered " + error + (description == null ? "" : ": " + description));
    }
    if (code == null || code.isBlank()) {
      return back("The callback carried no code.");
    }
    String problem = client.exchange(code);
    if (problem != null) {
      return back(problem);
    }
    return back("Connected: Notion now holds an access token from PreviewBridge.");
  }

  /** The deleted-token callback, then Notion forgets the token (also in the page's API). */
  @POST
  @Path("disconnect")
  public Response disconnect() {
    var answer = client.disconnect();
    return back(
        "Disconnected: PreviewBridge's deleted-token callback answered "
            + (answer.status() == 0 ? answer.body() : "HTTP " + answer.status())
            + "; Notion forgot its token.");
  }

  private Response back(String message) {
    UriBuilder page = UriBuilder.fromUri(addresses.self() + "/");
    if (message != null) {
      page.queryParam("message", message.length() > 500 ? message.substring(0, 500) : message);
    }
    return Response.seeOther(page.build()).build();
  }
}
