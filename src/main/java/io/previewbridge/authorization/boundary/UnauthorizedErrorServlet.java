package io.previewbridge.authorization.boundary;

import io.previewbridge.platform.entity.JsonP;
import jakarta.inject.Inject;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The error page for every 401 the container itself sends (web.xml {@code <error-page>}). MP-JWT is
 * a container authentication mechanism: a forged, expired or unreadable bearer token is refused
 * before JAX-RS runs, and Payara would answer with its HTML error page. This turns that into the
 * {@code application/problem+json} every API client of ours gets, with an RFC 6750 challenge.
 *
 * <p>One path is special: Notion's deleted-token callback may carry an expired access token or a
 * refresh token in its {@code Authorization} header, which the container refuses too. The callback
 * must work anyway, so for that path this page does the callback's work and answers 200.
 */
@WebServlet(UnauthorizedErrorServlet.PATH)
public class UnauthorizedErrorServlet extends HttpServlet {

  static final String PATH = "/errors/unauthorized";
  private static final long serialVersionUID = 1L;

  @Inject transient DeletedTokenCallback deletedTokenCallback;

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Object original = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    String path =
        original == null ? "" : original.toString().substring(request.getContextPath().length());
    if (path.equals("/notion/deleted")
        && ("DELETE".equals(request.getMethod()) || "POST".equals(request.getMethod()))) {
      deletedTokenCallback.handle(
          request.getHeader("Authorization"),
          request.getContentType(),
          request.getInputStream().readNBytes(RequestBody.MAX_BYTES + 1));
      response.setStatus(HttpServletResponse.SC_OK);
      response.setContentLength(0);
      return;
    }
    String authorization = request.getHeader("Authorization");
    boolean presentedToken =
        authorization != null && authorization.trim().toLowerCase(Locale.ROOT).startsWith("bearer");
    response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    response.setHeader(
        "WWW-Authenticate",
        presentedToken
            ? "Bearer realm=\"PreviewBridge\", error=\"invalid_token\", error_description=\"The access token is invalid or expired\""
            : "Bearer realm=\"PreviewBridge\"");
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setContentType("application/problem+json");
    response.setCharacterEncoding("UTF-8");
    byte[] body =
        JsonP.createObjectBuilder()
            .add("type", "https://previewbridge.io/problems/unauthorized")
            .add("title", "Unauthorized")
            .add("status", 401)
            .add(
                "detail",
                presentedToken
                    ? "The bearer token is invalid or expired."
                    : "Authentication is required: send a valid bearer token.")
            .build()
            .toString()
            .getBytes(StandardCharsets.UTF_8);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
