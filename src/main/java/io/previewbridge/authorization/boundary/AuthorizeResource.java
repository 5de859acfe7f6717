package io.previewbridge.authorization.boundary;

import io.previewbridge.authorization.boundary.PendingAuthorizations.Exchange;
import io.previewbridge.authorization.boundary.PendingAuthorizations.Pending;
import io.previewbridge.authorization.control.OAuthError;
import io.previewbridge.authorization.control.Pkce;
import io.previewbridge.authorization.control.RedirectUris;
import io.previewbridge.authorization.control.RegisteredClient;
import io.previewbridge.authorization.control.TokenIssuer;
import io.previewbridge.identity.control.Accounts;
import io.previewbridge.identity.control.CsrfToken;
import io.previewbridge.identity.control.SignedInAccount;
import io.previewbridge.identity.entity.Account;
import io.previewbridge.notion.control.AllowedWorkspaces;
import io.previewbridge.notion.control.Connections;
import io.previewbridge.notion.control.NotionApiException;
import io.previewbridge.notion.control.NotionClient;
import io.previewbridge.notion.control.NotionToken;
import io.previewbridge.notion.control.NotionTokenRequest;
import io.previewbridge.notion.entity.Connection;
import io.previewbridge.platform.boundary.Redirects;
import io.previewbridge.platform.control.Pages;
import io.previewbridge.sources.control.SourceRegistry;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Notion's OAuth Authorize URL and the consent page behind it.
 *
 * <p>The flow: {@code GET /notion/authorize} checks the client and the redirect URI (a request that
 * fails either gets an error page, never a redirect, so we are no open redirector), keeps the
 * request in the session and sends the browser to sign in. Once someone is signed in, {@code GET
 * consent} names their account and asks them to go on; only their {@code POST consent} (with the
 * session's CSRF token) trades Notion's code at Notion, so that a cross-site link cannot make a
 * signed-in person's browser join their account to someone else's workspace before any click. The
 * page then names the workspace and the account; Allow stores the connection and redirects to
 * Notion with our one-time code; Deny (or a workspace outside the allowed list) revokes Notion's
 * token and redirects with {@code access_denied}. {@code state} is echoed unchanged on every
 * redirect.
 */
@Path("notion/authorize")
@Produces(MediaType.TEXT_HTML + ";charset=utf-8")
public class AuthorizeResource {

  private static final Logger LOG = Logger.getLogger(AuthorizeResource.class.getName());

  @Inject RegisteredClient client;
  @Inject PendingAuthorizations pendings;
  @Inject SignedInAccount signedIn;
  @Inject CsrfToken csrf;
  @Inject Accounts accounts;
  @Inject NotionClient notion;
  @Inject Connections connections;
  @Inject AllowedWorkspaces allowedWorkspaces;
  @Inject TokenIssuer issuer;
  @Inject ExchangedNotionTokens tokens;
  @Inject Pages pages;
  @Inject Clock clock;
  @Context UriInfo uriInfo;

  @Inject
  @ConfigProperty(name = "previewbridge.notion.redirect-uri")
  String registeredRedirectUri;

  @Inject
  @ConfigProperty(name = "previewbridge.public-url")
  String publicUrl;

  /** The developer name: previewbridge.developer-name if set, else the sources file's. */
  @Inject SourceRegistry registry;

  @GET
  public Response authorize() {
    MultivaluedMap<String, String> query = uriInfo.getQueryParameters();
    for (String name :
        List.of(
            "client_id",
            "redirect_uri",
            "response_type",
            "state",
            "code",
            "scope",
            "code_challenge",
            "code_challenge_method")) {
      List<String> values = query.get(name);
      if (values != null && values.size() > 1) {
        return errorPage(400, "The request is malformed", name + " is sent more than once.");
      }
    }
    String clientId = query.getFirst("client_id");
    String redirectUri = query.getFirst("redirect_uri");
    if (clientId == null || !client.isClientId(clientId)) {
      return errorPage(
          400,
          "Unknown application",
          "This authorization request names a client that is not registered here. Check the"
              + " OAuth Client ID in Notion's integration settings.");
    }
    if (redirectUri == null || !RedirectUris.matches(registeredRedirectUri, redirectUri)) {
      return errorPage(
          400,
          "Unexpected redirect address",
          "This authorization request asks to return to an address that is not Notion's. For your"
              + " safety it is not followed.");
    }
    String state = query.getFirst("state");
    String target = RedirectUris.target(redirectUri);
    if (!"code".equals(query.getFirst("response_type"))) {
      return redirectError(
          target, "unsupported_response_type", "response_type must be code.", state);
    }
    String notionCode = query.getFirst("code");
    if (notionCode == null || notionCode.isBlank() || notionCode.length() > 500) {
      return redirectError(
          target,
          "invalid_request",
          "Notion's authorization code is missing from the request.",
          state);
    }
    String challenge;
    try {
      challenge =
          Pkce.challengeOf(
              query.getFirst("code_challenge"), query.getFirst("code_challenge_method"));
    } catch (OAuthError bad) {
      return redirectError(target, bad.error(), bad.description(), state);
    }
    Pending pending =
        pendings.add(
            clientId,
            redirectUri,
            state,
            query.getFirst("scope"),
            notionCode,
            challenge,
            clock.instant());
    String consent = "notion/authorize/consent?request=" + pending.id();
    if (accounts.current(signedIn).isPresent()) {
      return seeOther(consent);
    }
    return seeOther("signin?next=" + encode(consent));
  }

  /**
   * The consent page. Before Notion's code is exchanged, it names the account and asks the person
   * to go on (nothing is sent to Notion yet, so a link that someone else made cannot connect a
   * signed-in person's account to a workspace of theirs); once exchanged, it names the workspace
   * and the account being joined, and asks Allow or Deny.
   */
  @GET
  @Path("consent")
  public Response consent(@QueryParam("request") String requestId) {
    Optional<Pending> found = pendings.get(requestId, clock.instant());
    if (found.isEmpty()) {
      return expired();
    }
    Pending pending = found.get();
    Optional<Account> account = signedInAccount();
    if (account.isEmpty()) {
      return seeOther("signin?next=" + encode("notion/authorize/consent?request=" + pending.id()));
    }
    if (pending.exchange() != null && !pending.exchange().accountId().equals(account.get().id())) {
      return differentAccount(pending);
    }
    Map<String, Object> model = model();
    model.put("request", pending.id());
    model.put("accountName", account.get().displayName());
    model.put("username", account.get().username());
    if (pending.exchange() == null) {
      model.put("beforeExchange", true);
      return page(200, "consent", model);
    }
    Exchange exchange = pending.exchange();
    model.put(
        "workspaceName",
        exchange.workspaceName() == null ? "your Notion workspace" : exchange.workspaceName());
    model.put("workspaceId", exchange.workspaceId());
    model.put("workspaceIcon", exchange.workspaceIcon());
    model.put("externalAccountName", exchange.externalAccountName());
    return page(200, "consent", model);
  }

  /**
   * The person's answer, with the session's CSRF token: {@code continue} (exchange Notion's code,
   * then show the workspace), {@code allow} (make the connection and send Notion our code) or
   * {@code deny}.
   */
  @POST
  @Path("consent")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Response decide(
      @FormParam("request") String requestId,
      @FormParam("csrf") String csrfToken,
      @FormParam("decision") String decision) {
    if (!csrf.matches(csrfToken)) {
      return errorPage(
          403,
          "This form has expired",
          "The page was open too long or came from somewhere else. Start again from Notion.");
    }
    Optional<Pending> found = pendings.get(requestId, clock.instant());
    if (found.isEmpty()) {
      return expired();
    }
    Pending pending = found.get();
    Optional<Account> account = signedInAccount();
    if (account.isEmpty()) {
      return seeOther("notion/authorize/consent?request=" + pending.id());
    }
    if (pending.exchange() != null && !pending.exchange().accountId().equals(account.get().id())) {
      return differentAccount(pending);
    }
    String target = RedirectUris.target(pending.redirectUri());
    if ("deny".equals(decision)) {
      pendings.remove(pending.id());
      tokens.discard(pending);
      return redirectError(
          target, "access_denied", "The user declined to connect the account.", pending.state());
    }
    if (pending.exchange() == null) {
      // "continue" (or an "allow" sent before the workspace was shown): exchange now, then ask
      return exchange(pending, account.get(), target);
    }
    if (!"allow".equals(decision)) {
      return seeOther("notion/authorize/consent?request=" + pending.id());
    }
    pendings.remove(pending.id());
    Exchange exchange = pending.exchange();
    NotionToken token = tokens.unseal(pending);
    Connection connection =
        connections.connect(
            account.get().id(),
            new NotionTokenRequest.ExternalAccount(
                account.get().externalKey(), exchange.externalAccountName()),
            token);
    String code =
        issuer.issueCode(
            connection.id(),
            pending.clientId(),
            pending.redirectUri(),
            pending.scope(),
            pending.codeChallenge());
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("code", code);
    if (pending.state() != null) {
      parameters.put("state", pending.state());
    }
    return redirect(target, parameters);
  }

  /**
   * Trades Notion's code at Notion, now that the person asked for it on our page; a workspace
   * outside {@code previewbridge.notion.allowed-workspaces} is refused and its token revoked.
   */
  private Response exchange(Pending pending, Account account, String target) {
    NotionTokenRequest.ExternalAccount external = externalAccount(account);
    Pending exchanged;
    try {
      NotionToken token = notion.exchangeCode(pending.notionCode(), external);
      exchanged = pending.exchanged(tokens.seal(pending, account.id(), external, token));
      pendings.update(exchanged);
    } catch (NotionApiException failed) {
      pendings.remove(pending.id());
      LOG.warning(
          () ->
              "Notion refused the code exchange: "
                  + failed.status()
                  + " "
                  + failed.code()
                  + " ("
                  + failed.getMessage()
                  + ")");
      return redirectError(
          target,
          "server_error",
          "Notion did not accept the authorization ("
              + failed.code()
              + "). Please try connecting again.",
          pending.state());
    }
    Exchange exchange = exchanged.exchange();
    if (!allowedWorkspaces.allows(exchange.workspaceId())) {
      pendings.remove(exchanged.id());
      tokens.discard(exchanged);
      LOG.info(
          () ->
              "Consent refused: Notion workspace "
                  + exchange.workspaceId()
                  + " is not in previewbridge.notion.allowed-workspaces");
      Map<String, Object> model = model();
      model.put("title", "This Notion workspace cannot be connected");
      model.put(
          "message",
          "PreviewBridge of "
              + productName()
              + " serves only the company's own Notion workspaces. The workspace \u201c"
              + (exchange.workspaceName() == null
                  ? exchange.workspaceId()
                  : exchange.workspaceName())
              + "\u201d ("
              + exchange.workspaceId()
              + ") is not one of them, so nothing was connected. Ask your administrator if it"
              + " should be.");
      model.put(
          "back",
          redirectUri(
              target,
              "access_denied",
              "This Notion workspace is not allowed to connect.",
              pending.state()));
      return page(403, "authorize-error", model);
    }
    return seeOther("notion/authorize/consent?request=" + exchanged.id());
  }

  /** Another account signed in while this request was in flight: start over. */
  private Response differentAccount(Pending pending) {
    pendings.remove(pending.id());
    tokens.discard(pending);
    return redirectError(
        RedirectUris.target(pending.redirectUri()),
        "access_denied",
        "A different account signed in while connecting. Please connect again.",
        pending.state());
  }

  private Optional<Account> signedInAccount() {
    return accounts.current(signedIn);
  }

  /** How the connection is listed in the user's "My connections" in Notion. */
  private NotionTokenRequest.ExternalAccount externalAccount(Account account) {
    String who =
        account.email() != null && !account.email().isBlank()
            ? account.email()
            : account.username();
    return new NotionTokenRequest.ExternalAccount(
        account.externalKey(), productName() + " – " + who);
  }

  private String productName() {
    return registry.developerName();
  }

  private Response expired() {
    return errorPage(
        400,
        "This request has expired",
        "This authorization request is unknown or has expired. Start again from Notion.");
  }

  private Response errorPage(int status, String title, String message) {
    Map<String, Object> model = model();
    model.put("title", title);
    model.put("message", message);
    return page(status, "authorize-error", model);
  }

  private Map<String, Object> model() {
    Map<String, Object> model = new HashMap<>();
    model.put("root", uriInfo.getBaseUri().getPath());
    model.put("csrf", csrf.value());
    model.put("developerName", productName());
    return model;
  }

  private Response page(int status, String template, Map<String, Object> model) {
    return Response.status(status)
        .entity(pages.render(template, model))
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .build();
  }

  private Response seeOther(String relative) {
    return Redirects.seeOther(uriInfo, relative);
  }

  private Response redirectError(String target, String error, String description, String state) {
    return Response.seeOther(redirectUri(target, error, description, state))
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .build();
  }

  /** The RFC 6749 §4.1.2.1 error redirect to Notion, as a link. */
  private URI redirectUri(String target, String error, String description, String state) {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("error", error);
    parameters.put("error_description", description);
    if (state != null) {
      parameters.put("state", state);
    }
    return withQuery(target, parameters);
  }

  private Response redirect(String target, Map<String, String> parameters) {
    return Response.seeOther(withQuery(target, parameters))
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .build();
  }

  /**
   * Notion's redirect URI with the answer's parameters, and {@code iss} (RFC 9207): which
   * authorization server answered, so that a client talking to several cannot be mixed up.
   */
  private URI withQuery(String target, Map<String, String> parameters) {
    Map<String, String> all = new LinkedHashMap<>(parameters);
    all.put("iss", issuerIdentifier());
    StringJoiner query = new StringJoiner("&");
    all.forEach((name, value) -> query.add(encode(name) + "=" + encode(value)));
    String separator = target.contains("?") ? "&" : "?";
    return URI.create(target + separator + query);
  }

  /** Our issuer identifier: {@code previewbridge.public-url}, without a trailing slash. */
  private String issuerIdentifier() {
    return publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
