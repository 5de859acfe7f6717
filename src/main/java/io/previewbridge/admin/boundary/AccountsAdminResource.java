package io.previewbridge.admin.boundary;

import io.previewbridge.admin.control.AdminAccounts;
import io.previewbridge.credentials.entity.UpstreamCredential;
import io.previewbridge.identity.control.Accounts;
import io.previewbridge.identity.control.SignedInAccount;
import io.previewbridge.identity.entity.Account;
import io.previewbridge.platform.boundary.Redirects;
import io.previewbridge.platform.entity.JsonP;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Built-in accounts: {@code GET/POST /api/admin/accounts}, {@code POST
 * /api/admin/accounts/{id}/disable|enable|reset-password}, and the page {@code /admin/accounts}. A
 * generated password is in the answer of the call that made it, and nowhere else.
 */
@Path("")
@AdminOnly
@Tag(name = "admin")
public class AccountsAdminResource {

  @Inject AdminAccounts accounts;
  @Inject SignedInAccount signedIn;
  @Inject AdminPages adminPages;
  @Context UriInfo uriInfo;

  @GET
  @Path("api/admin/accounts")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Built-in accounts, by username, with whether the accounts file lists them")
  public Response list() {
    JsonArrayBuilder items = JsonP.createArrayBuilder();
    accounts.list().forEach(view -> items.add(json(view)));
    return ok(JsonP.createObjectBuilder().add("items", items));
  }

  @POST
  @Path("api/admin/accounts")
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "Creates an account {username, displayName, email, password, roles}; without a password"
              + " one is generated and returned once")
  public Response create(String body) {
    JsonBody json = JsonBody.of(body);
    AdminAccounts.NewAccount input =
        new AdminAccounts.NewAccount(
            json.string("username"),
            json.string("displayName"),
            json.string("email"),
            json.string("password"),
            json.strings("roles"));
    json.check("The account cannot be created as given.");
    AdminAccounts.WithPassword created = accounts.create(actor(), input);
    return Response.status(Response.Status.CREATED)
        .location(
            java.net.URI.create(
                Redirects.path(uriInfo, "api/admin/accounts/" + created.view().account().id())))
        .entity(withPassword(created).build().toString())
        .type(MediaType.APPLICATION_JSON)
        .cacheControl(AdminAccessFilter.noStore())
        .build();
  }

  @GET
  @Path("api/admin/accounts/{id}")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "One account")
  public Response get(@PathParam("id") String id) {
    return ok(json(accounts.get(id)));
  }

  @POST
  @Path("api/admin/accounts/{id}/disable")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "Disables an account: no more sign-in, and its Notion connections are revoked (409 for"
              + " your own account)")
  public Response disable(@PathParam("id") String id) {
    SignedInAccount.Person me = signedIn.current().orElseThrow();
    return ok(json(accounts.disable(me.username(), me.accountId(), id)));
  }

  @POST
  @Path("api/admin/accounts/{id}/revoke")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "Cuts an account off without disabling it: its sessions end at once, its Notion"
              + " connections are revoked and its tokens at other servers dropped (409 for your"
              + " own account)")
  public Response revoke(@PathParam("id") String id) {
    SignedInAccount.Person me = signedIn.current().orElseThrow();
    return ok(json(accounts.revoke(me.username(), me.accountId(), id)));
  }

  @POST
  @Path("api/admin/accounts/{id}/enable")
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Enables a disabled account (its revoked connections stay revoked)")
  public Response enable(@PathParam("id") String id) {
    return ok(json(accounts.enable(actor(), id)));
  }

  @POST
  @Path("api/admin/accounts/{id}/reset-password")
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "Sets a new password {password}; with no password one is generated and returned once."
              + " The account's sessions end, and (previewbridge.accounts."
              + "revoke-grants-on-change, default on) its Notion connections are revoked")
  public Response resetPassword(@PathParam("id") String id, String body) {
    JsonBody json = JsonBody.of(body);
    String password = json.string("password");
    json.check("The password cannot be used.");
    return ok(withPassword(accounts.resetPassword(actor(), id, password)));
  }

  @GET
  @Path("admin/accounts")
  @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
  public Response page() {
    String me = signedIn.current().map(SignedInAccount.Person::accountId).orElse("");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (AdminAccounts.View view : accounts.list()) {
      Account a = view.account();
      Map<String, Object> row = new HashMap<>();
      row.put("id", a.id());
      row.put("username", a.username());
      row.put("displayName", a.displayName());
      row.put("email", a.email() == null ? "" : a.email());
      row.put("roles", String.join(", ", new TreeSet<>(a.roles())));
      row.put("enabled", a.enabled());
      row.put("fromFile", view.fromFile());
      row.put("connections", view.activeConnections());
      row.put("createdAt", a.createdAt().toString());
      row.put("fromProvider", a.fromProvider());
      row.put(
          "credentials",
          view.credentials().stream()
              .map(
                  c ->
                      c.serverId()
                          + ": "
                          + (c.active() ? "usable" : "stopped (" + c.problem() + ")"))
              .toList());
      row.put(
          "unlinked",
          view.unlinkedProviders().stream()
              .map(id -> id + ": not linked (the person connects at /link/" + id + ")")
              .toList());
      row.put("me", a.id().equals(me));
      rows.add(row);
    }
    Map<String, Object> model = new HashMap<>();
    model.put("accounts", rows);
    model.put("minPassword", Accounts.MIN_PASSWORD);
    return adminPages.render(
        uriInfo.getBaseUri().getPath(), "admin-accounts", "accounts", "Accounts", model);
  }

  private String actor() {
    return signedIn.current().orElseThrow().username();
  }

  static JsonObjectBuilder json(AdminAccounts.View view) {
    Account a = view.account();
    JsonObjectBuilder json =
        JsonP.createObjectBuilder()
            .add("id", a.id())
            .add("username", a.username())
            .add("displayName", a.displayName())
            .add("roles", JsonP.createArrayBuilder(new TreeSet<>(a.roles())))
            .add("enabled", a.enabled())
            .add("fromFile", view.fromFile())
            .add("activeConnections", view.activeConnections())
            .add("createdAt", a.createdAt().toString())
            .add("signsInWith", a.fromProvider() ? "identity-provider" : "password");
    if (a.email() != null) {
      json.add("email", a.email());
    }
    if (a.fromProvider()) {
      json.add("issuer", a.issuer()).add("subject", a.subject());
    }
    if (a.lastSignInAt() != null) {
      json.add("lastSignInAt", a.lastSignInAt().toString());
    }
    JsonArrayBuilder credentials = JsonP.createArrayBuilder();
    for (UpstreamCredential c : view.credentials()) {
      JsonObjectBuilder item =
          JsonP.createObjectBuilder()
              .add("server", c.serverId())
              .add("status", c.status().name().toLowerCase(java.util.Locale.ROOT))
              .add("updatedAt", c.updatedAt().toString());
      if (c.problem() != null) {
        item.add("problem", c.problem());
      }
      credentials.add(item);
    }
    json.add("credentials", credentials);
    json.add("unlinkedProviders", JsonP.createArrayBuilder(view.unlinkedProviders()));
    return json;
  }

  private static JsonObjectBuilder withPassword(AdminAccounts.WithPassword result) {
    JsonObjectBuilder json = json(result.view());
    if (result.generatedPassword() != null) {
      json.add("generatedPassword", result.generatedPassword());
    }
    return json;
  }

  private static Response ok(JsonObjectBuilder json) {
    return Response.ok(json.build().toString(), MediaType.APPLICATION_JSON)
        .cacheControl(AdminAccessFilter.noStore())
        .build();
  }
}
