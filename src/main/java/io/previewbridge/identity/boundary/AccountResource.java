package io.previewbridge.identity.boundary;

import io.previewbridge.credentials.control.AuthServers;
import io.previewbridge.credentials.control.UpstreamCredentials;
import io.previewbridge.credentials.entity.AuthServer;
import io.previewbridge.credentials.entity.UpstreamCredential;
import io.previewbridge.identity.control.Accounts;
import io.previewbridge.identity.control.CsrfToken;
import io.previewbridge.identity.control.SignedInAccount;
import io.previewbridge.identity.entity.Account;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /account}: the signed-in person's own page. Who PreviewBridge thinks they are, whether
 * their sign-in still lets previews be fetched as them (and why not), and the products whose
 * accounts they can link or unlink for {@code oauth} sources. Any signed-in person, admin or not.
 */
@Path("account")
@Produces(MediaType.TEXT_HTML + ";charset=utf-8")
public class AccountResource {

  @Inject SignedInAccount signedIn;
  @Inject Accounts accounts;
  @Inject UpstreamCredentials credentials;
  @Inject AuthServers servers;
  @Inject CsrfToken csrf;
  @Inject IdentityPages pages;
  @Context UriInfo uriInfo;

  @GET
  public Response page() {
    Optional<Account> account = accounts.current(signedIn);
    if (account.isEmpty()) {
      return IdentityPages.seeOther(uriInfo, "signin?next=account");
    }
    Account me = account.get();
    Map<String, Object> model = pages.model(uriInfo);
    model.put("csrf", csrf.value());
    model.put("username", me.username());
    model.put("displayName", me.displayName());
    model.put("email", me.email() == null ? "" : me.email());
    model.put("admin", me.hasRole(Account.ROLE_ADMIN));
    model.put("signsInWith", me.fromProvider() ? servers.identityProviderName() : "a password");
    if (me.fromProvider() && servers.identityProvider().isPresent()) {
      model.put(
          "identityProvider",
          state(credentials.find(me.id(), UpstreamCredential.IDP), servers.identityProviderName()));
    }
    List<Map<String, Object>> links = new ArrayList<>();
    for (AuthServer provider : servers.providers()) {
      Map<String, Object> link =
          state(credentials.find(me.id(), provider.id()), provider.displayName());
      link.put("id", provider.id());
      links.add(link);
    }
    model.put("links", links);
    model.put("hasLinks", !links.isEmpty());
    return pages.page(200, "account", model);
  }

  private static Map<String, Object> state(Optional<UpstreamCredential> credential, String name) {
    Map<String, Object> state = new HashMap<>();
    state.put("name", name);
    boolean usable = credential.map(UpstreamCredential::active).orElse(false);
    state.put("usable", usable);
    state.put("linked", credential.isPresent());
    state.put(
        "status",
        credential.isEmpty()
            ? "not connected"
            : usable ? "connected" : "stopped: " + credential.get().problem());
    return state;
  }
}
