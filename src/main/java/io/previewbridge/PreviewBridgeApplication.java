package io.previewbridge;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import org.eclipse.microprofile.auth.LoginConfig;

/**
 * The JAX-RS application, served at the root of the WAR's context.
 *
 * <p>MP-JWT is the only container authentication mechanism: it checks the bearer tokens Notion
 * sends to the unfurl callback. People (sign-in, consent, console) are authenticated by the
 * application's own session sign-in in {@code identity}, so the two never compete for the one
 * HttpAuthenticationMechanism slot a WAR has. {@code @ApplicationScoped} makes this class a CDI
 * bean so that Payara's MP-JWT extension finds {@code @LoginConfig} in a WAR without beans.xml.
 */
@ApplicationScoped
@ApplicationPath("/")
@LoginConfig(authMethod = "MP-JWT")
@DeclareRoles({PreviewBridgeApplication.NOTION_ROLE})
public class PreviewBridgeApplication extends Application {

  /** The role every access token we issue to Notion carries. */
  public static final String NOTION_ROLE = "notion";

  /**
   * Redirects to our own pages are relative ({@code platform.boundary.Redirects}): Jersey, which
   * would otherwise make them absolute from the request's {@code Host} and scheme, is told not to.
   * Other JAX-RS implementations ignore the key.
   */
  @Override
  public Map<String, Object> getProperties() {
    return Map.of("jersey.config.server.headers.location.relative.resolution.disabled", true);
  }
}
