package io.previewbridge.identity.boundary;

import io.previewbridge.credentials.control.AuthServers;
import io.previewbridge.credentials.control.AuthorizationCodeFlow;
import io.previewbridge.credentials.control.IssuedTokens;
import io.previewbridge.credentials.control.ServerUnreachable;
import io.previewbridge.credentials.control.TokenRefused;
import io.previewbridge.credentials.control.UpstreamCredentials;
import io.previewbridge.credentials.entity.AuthServer;
import io.previewbridge.identity.control.Accounts;
import io.previewbridge.identity.control.CsrfToken;
import io.previewbridge.identity.control.IdentitySettings;
import io.previewbridge.identity.control.SignedInAccount;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Linking a person's account at a product's own OAuth server (a {@code providers} entry of the
 * sources file), for sources whose {@code auth} is {@code oauth}: {@code GET /link/{provider}}
 * sends the signed-in person to the product's consent page (authorization code with PKCE), {@code
 * GET /link/{provider}/callback} keeps the tokens the product issued for them (encrypted, refreshed
 * like the identity provider's), and previews that waited for the link are checked again. {@code
 * POST /link/{provider}/unlink} deletes them. The person's page ({@code /account}) lists the links.
 */
@Path("link/{provider}")
@Produces(MediaType.TEXT_HTML + ";charset=utf-8")
public class LinkResource {

  private static final Logger LOG = Logger.getLogger(LinkResource.class.getName());
  static final String PURPOSE = "link";

  @Inject AuthServers servers;
  @Inject AuthorizationCodeFlow flow;
  @Inject UpstreamCredentials credentials;
  @Inject PendingFlows flows;
  @Inject SignedInAccount signedIn;
  @Inject CsrfToken csrf;
  @Inject IdentitySettings settings;
  @Inject Accounts accounts;
  @Inject IdentityPages pages;
  @Inject Clock clock;
  @Context UriInfo uriInfo;

  @PathParam("provider")
  String providerId;

  @GET
  public Response begin(@QueryParam("next") String next) {
    Optional<AuthServer> provider = provider();
    if (provider.isEmpty()) {
      return unknownProvider();
    }
    Optional<SignedInAccount.Person> person =
        accounts.current(signedIn).flatMap(a -> signedIn.current());
    if (person.isEmpty()) {
      return IdentityPages.seeOther(
          uriInfo, "signin?next=" + SignInResource.encode("link/" + provider.get().id()));
    }
    try {
      AuthorizationCodeFlow.Started started =
          flow.start(provider.get(), settings.publicUri(callbackPath(provider.get())), false);
      String after = SignInResource.localPath(next);
      flows.add(
          new PendingFlows.Flow(
              started,
              PURPOSE,
              person.get().accountId(),
              after.isEmpty() ? "account" : after,
              clock.instant()));
      return IdentityPages.seeOther(started.authorizationRequest());
    } catch (ServerUnreachable e) {
      LOG.warning(() -> "Linking could not start: " + e.getMessage());
      return pages.message(
          uriInfo,
          502,
          provider.get().displayName() + " cannot be reached",
          "PreviewBridge could not reach " + provider.get().displayName() + ". Try again later.",
          "account",
          "Your account");
    }
  }

  @GET
  @Path("callback")
  public Response callback() {
    Optional<AuthServer> provider = provider();
    if (provider.isEmpty()) {
      return unknownProvider();
    }
    MultivaluedMap<String, String> query = uriInfo.getQueryParameters();
    for (String name : List.of("state", "code", "error")) {
      List<String> values = query.get(name);
      if (values != null && values.size() > 1) {
        return failed(400, name + " is sent more than once.");
      }
    }
    Optional<PendingFlows.Flow> pending =
        flows
            .take(query.getFirst("state"), PURPOSE, clock.instant())
            .filter(f -> f.started().serverId().equals(provider.get().id()));
    Optional<SignedInAccount.Person> person =
        accounts.current(signedIn).flatMap(a -> signedIn.current());
    if (pending.isEmpty()
        || person.isEmpty()
        || !person.get().accountId().equals(pending.get().accountId())) {
      return failed(
          400,
          "This answer does not belong to a link started in this browser by the person signed"
              + " in now, or it was used already or is too old. Nothing was linked.");
    }
    String error = query.getFirst("error");
    if (error != null) {
      return failed(
          "access_denied".equals(error) ? 403 : 400,
          provider.get().displayName() + " did not link the account (" + cut(error) + ").");
    }
    String code = query.getFirst("code");
    if (code == null || code.isBlank() || code.length() > 4096) {
      return failed(400, provider.get().displayName() + "'s answer has no code.");
    }
    try {
      IssuedTokens tokens = flow.redeem(provider.get(), pending.get().started(), code);
      credentials.keep(person.get().accountId(), provider.get(), null, tokens);
    } catch (TokenRefused e) {
      LOG.info(() -> provider.get().displayName() + " refused a link code: " + e.getMessage());
      return failed(
          400,
          provider.get().displayName()
              + " did not accept the link ("
              + e.error()
              + "). Try again.");
    } catch (ServerUnreachable e) {
      LOG.warning(() -> "Linking could not complete: " + e.getMessage());
      return failed(502, provider.get().displayName() + " cannot be reached. Try again later.");
    }
    return pages.message(
        uriInfo,
        200,
        "Connected",
        "Your "
            + provider.get().displayName()
            + " account is connected. Previews that need it are being updated now.",
        pending.get().next(),
        "Continue");
  }

  @POST
  @Path("unlink")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response unlink(@FormParam("csrf") String csrfToken) {
    Optional<AuthServer> provider = provider();
    if (provider.isEmpty()) {
      return unknownProvider();
    }
    Optional<SignedInAccount.Person> person =
        accounts.current(signedIn).flatMap(a -> signedIn.current());
    if (person.isEmpty()) {
      return IdentityPages.seeOther(uriInfo, "signin?next=account");
    }
    if (!csrf.matches(csrfToken)) {
      return pages.message(
          uriInfo,
          403,
          "This form has expired",
          "The form was too old or came from another site; nothing was changed.",
          "account",
          "Your account");
    }
    credentials.forget(person.get().accountId(), provider.get().id());
    return IdentityPages.seeOther(uriInfo, "account");
  }

  static String callbackPath(AuthServer provider) {
    return "link/" + provider.id() + "/callback";
  }

  private Optional<AuthServer> provider() {
    return servers.providers().stream().filter(p -> p.id().equals(providerId)).findFirst();
  }

  private Response unknownProvider() {
    return pages.message(
        uriInfo,
        404,
        "Unknown product",
        "No product with that name can be linked here.",
        "account",
        "Your account");
  }

  private Response failed(int status, String message) {
    return pages.message(uriInfo, status, "Not linked", message, "account", "Your account");
  }

  private static String cut(String text) {
    return text.length() > 200 ? text.substring(0, 200) + "\u2026" : text;
  }
}
