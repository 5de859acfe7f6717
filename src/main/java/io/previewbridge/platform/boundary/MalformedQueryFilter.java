package io.previewbridge.platform.boundary;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A query string with an invalid percent-encoding ({@code ?%zz=1}, a {@code %} at the end) is a 400
 * problem before any resource runs. Jersey decodes the query while it builds the request, and a bad
 * escape there escapes as an {@code IllegalArgumentException} (a 500) before any exception mapper
 * can see it.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class MalformedQueryFilter extends HttpFilter {

  private static final long serialVersionUID = 1L;

  /** A {@code %} not followed by two hexadecimal digits. */
  static final Pattern INVALID_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");

  static final byte[] PROBLEM =
      ("{\"type\":\"https://previewbridge.io/problems/malformed-query\",\"title\":\"Bad Request\","
              + "\"status\":400,\"detail\":\"The query string has an invalid percent-encoding.\"}")
          .getBytes(StandardCharsets.UTF_8);

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String query = request.getQueryString();
    if (query != null && isMalformed(query)) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      response.setHeader("Cache-Control", "no-store");
      response.setHeader("X-Content-Type-Options", "nosniff");
      response.setContentType(Problem.MEDIA_TYPE);
      response.setContentLength(PROBLEM.length);
      response.getOutputStream().write(PROBLEM);
      return;
    }
    chain.doFilter(request, response);
  }

  static boolean isMalformed(String query) {
    return INVALID_ESCAPE.matcher(query).find();
  }
}
