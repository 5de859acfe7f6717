package io.previewbridge.platform.boundary;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.annotation.WebListener;
import java.util.Locale;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The session cookie, set up before the first session exists: always {@code HttpOnly} and {@code
 * SameSite=Lax} (sent when the identity provider or Notion sends the browser back, not with another
 * site's form posts); and when {@code previewbridge.public-url} is {@code https}, {@code Secure}
 * too, named {@code __Host-PREVIEWBRIDGE} when the application is at the root of its host (the
 * browser then refuses the cookie from plain HTTP, from a sub-domain, or for another path).
 * Servlet-standard, so the same on every server.
 */
@WebListener
public class SessionCookies implements ServletContextListener {

  private static final Logger LOG = Logger.getLogger(SessionCookies.class.getName());

  static final String HOST_PREFIXED = "__Host-PREVIEWBRIDGE";

  @Override
  public void contextInitialized(ServletContextEvent event) {
    SessionCookieConfig cookie = event.getServletContext().getSessionCookieConfig();
    cookie.setHttpOnly(true);
    cookie.setAttribute("SameSite", "Lax");
    if (!httpsPublicUrl()) {
      return;
    }
    cookie.setSecure(true);
    String contextPath = event.getServletContext().getContextPath();
    if (contextPath == null || contextPath.isEmpty()) {
      cookie.setName(HOST_PREFIXED);
      cookie.setPath("/");
    }
    LOG.info(
        () ->
            "Session cookie: Secure"
                + (contextPath == null || contextPath.isEmpty()
                    ? ", named " + HOST_PREFIXED
                    : " (deployed under " + contextPath + ", so without the __Host- prefix)"));
  }

  static boolean httpsPublicUrl() {
    return ConfigProvider.getConfig()
        .getOptionalValue("previewbridge.public-url", String.class)
        .map(url -> url.trim().toLowerCase(Locale.ROOT).startsWith("https://"))
        .orElse(false);
  }
}
