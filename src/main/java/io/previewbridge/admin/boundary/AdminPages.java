package io.previewbridge.admin.boundary;

import io.previewbridge.credentials.control.AuthServers;
import io.previewbridge.credentials.entity.AuthServer;
import io.previewbridge.identity.control.CsrfToken;
import io.previewbridge.identity.control.SignedInAccount;
import io.previewbridge.platform.control.Pages;
import io.previewbridge.sources.control.SourceRegistry;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders a console page inside {@code admin-layout.mustache}: the navigation (with the current
 * section marked), the signed-in admin, and the session's CSRF token for {@code admin.js}, which
 * sends it with every API call that changes something.
 *
 * <p>The console's pages get their own Content-Security-Policy: scripts and styles only from this
 * server (no inline script, no CDN), while images and embeds may come from anywhere, because a
 * rendered card shows the upstream's pictures and embeds just as Notion would.
 */
@RequestScoped
public class AdminPages {

  static final String POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: http:"
          + " https:; media-src http: https:; frame-src http: https:; connect-src 'self';"
          + " frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

  /**
   * The policy, with the identity provider's origin among the form targets: the sign-out form posts
   * here and is redirected to the provider's end-session endpoint, and browsers apply {@code
   * form-action} to that redirect too.
   */
  static String policy(Optional<String> identityProviderIssuer) {
    Optional<String> origin =
        identityProviderIssuer.flatMap(
            issuer -> {
              try {
                java.net.URI uri = java.net.URI.create(issuer.trim());
                if (uri.getScheme() == null || uri.getHost() == null) {
                  return Optional.empty();
                }
                return Optional.of(
                    uri.getScheme()
                        + "://"
                        + uri.getHost()
                        + (uri.getPort() == -1 ? "" : ":" + uri.getPort()));
              } catch (IllegalArgumentException e) {
                return Optional.empty();
              }
            });
    return origin
        .map(o -> POLICY.replace("form-action 'self'", "form-action 'self' " + o))
        .orElse(POLICY);
  }

  /** The console's sections, in navigation order: path under /admin, and label. */
  static final List<String[]> SECTIONS =
      List.of(
          new String[] {"", "Overview"},
          new String[] {"connections", "Connections"},
          new String[] {"previews", "Tracked previews"},
          new String[] {"deliveries", "Deliveries"},
          new String[] {"sources", "Sources"},
          new String[] {"accounts", "Accounts"},
          new String[] {"audit-log", "Audit log"},
          new String[] {"notion-settings", "Notion settings"});

  @Inject SignedInAccount signedIn;
  @Inject CsrfToken csrf;
  @Inject Pages pages;
  @Inject AuthServers servers;

  /** The developer name: previewbridge.developer-name if set, else the sources file's. */
  @Inject SourceRegistry registry;

  /**
   * A 200 page: {@code template} rendered with {@code model} plus the layout's keys ({@code root},
   * {@code developerName}, {@code username}, {@code csrfToken}, {@code nav}).
   *
   * @param section the path of the current section under /admin ("" for the overview)
   */
  public Response render(
      String root, String template, String section, String title, Map<String, ?> model) {
    Map<String, Object> all = new HashMap<>(model);
    all.put("root", root);
    all.put("title", title);
    all.put("developerName", registry.developerName());
    all.put("username", signedIn.current().map(SignedInAccount.Person::username).orElse(""));
    all.put("csrfToken", csrf.value());
    List<Map<String, Object>> nav = new ArrayList<>();
    for (String[] entry : SECTIONS) {
      nav.add(
          Map.of(
              "href",
              root + "admin" + (entry[0].isEmpty() ? "" : "/" + entry[0]),
              "label",
              entry[1],
              "current",
              entry[0].equals(section)));
    }
    all.put("nav", nav);
    return Response.ok(pages.render(template, all), MediaType.TEXT_HTML + ";charset=utf-8")
        .header(
            "Content-Security-Policy",
            policy(servers.identityProvider().flatMap(AuthServer::issuer)))
        .cacheControl(AdminAccessFilter.noStore())
        .build();
  }
}
