package io.previewbridge.unfurl.boundary;

import io.previewbridge.PreviewBridgeApplication;
import io.previewbridge.platform.boundary.Problem;
import io.previewbridge.platform.control.InvalidInput;
import io.previewbridge.platform.entity.JsonP;
import io.previewbridge.tracking.control.ConnectionGone;
import io.previewbridge.unfurl.control.UnfurlLimits;
import io.previewbridge.unfurl.control.Unfurler;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.StringReader;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Notion's Unfurl Callback URL (§3 of the Link Preview digest). The bearer token is one we issued:
 * its subject is the connection, its {@code aid} and {@code upn} claims the account.
 */
@Path("notion/unfurl")
@RolesAllowed(PreviewBridgeApplication.NOTION_ROLE)
public class UnfurlResource {

  private static final Logger LOG = Logger.getLogger(UnfurlResource.class.getName());
  static final int MAX_URI = 2048;

  @Inject JsonWebToken jwt;
  @Inject Unfurler unfurler;
  @Inject UnfurlLimits limits;

  /**
   * Answers 200 with the attributes or an error operation (§7.12), never an HTTP error for a uri.
   */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Response unfurl(UnfurlRequest request) {
    String uri = requireUri(request == null ? null : request.uri());
    Optional<java.time.Duration> wait = limits.take(jwt.getSubject());
    if (wait.isPresent()) {
      long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
      return Response.fromResponse(
              Problem.of(
                      Response.Status.TOO_MANY_REQUESTS,
                      "too-many-unfurls",
                      "This connection asked for too many unfurls in the last minute; try again in "
                          + seconds
                          + " s.")
                  .toResponse())
          .header("Retry-After", seconds)
          .build();
    }
    try {
      JsonObject answer = unfurler.unfurl(jwt.getSubject(), claim("aid"), jwt.getName(), uri);
      return Response.ok(answer.toString(), MediaType.APPLICATION_JSON).build();
    } catch (ConnectionGone gone) {
      return connectionGone(gone);
    }
  }

  /**
   * Notion removed the preview. The body is undocumented (§7.1): the uri is read from a JSON body,
   * a form body or the query string. Always 200 with an empty body, also when nothing was tracked.
   */
  @DELETE
  @Consumes(MediaType.WILDCARD)
  public Response forget(
      @QueryParam("uri") String queryUri,
      @jakarta.ws.rs.core.Context HttpHeaders headers,
      String body) {
    Optional<String> uri =
        uriOf(headers.getMediaType(), body).or(() -> Optional.ofNullable(queryUri));
    uri = uri.map(String::trim).filter(u -> !u.isEmpty());
    if (uri.isPresent()) {
      unfurler.forget(jwt.getSubject(), uri.get());
    } else {
      String sample =
          body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "..." : body;
      LOG.info(
          () -> "Unfurl DELETE without a uri; body was: " + sample.replaceAll("[\\r\\n]", " "));
    }
    return Response.ok().build();
  }

  static String requireUri(String uri) {
    if (uri == null || uri.isBlank()) {
      throw new InvalidInput(
          "The body must be {\"uri\": \"<the link>\"}.",
          List.of(new InvalidInput.Violation("uri", "is required")));
    }
    String trimmed = uri.trim();
    boolean absolute;
    try {
      URI parsed = new URI(trimmed);
      absolute = parsed.isAbsolute() && parsed.getScheme() != null;
    } catch (java.net.URISyntaxException e) {
      absolute = false;
    }
    boolean web =
        trimmed.regionMatches(true, 0, "https://", 0, 8)
            || trimmed.regionMatches(true, 0, "http://", 0, 7);
    if (!absolute || !web || trimmed.length() > MAX_URI) {
      throw new InvalidInput(
          "The uri cannot be unfurled.",
          List.of(
              new InvalidInput.Violation(
                  "uri", "must be an absolute http(s) URI of at most " + MAX_URI + " characters")));
    }
    return trimmed;
  }

  static Optional<String> uriOf(MediaType type, String body) {
    if (body == null || body.isBlank()) {
      return Optional.empty();
    }
    if (type != null && type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)) {
      for (String pair : body.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0
            && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals("uri")) {
          return Optional.of(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
      return Optional.empty();
    }
    try (JsonReader reader = JsonP.createReader(new StringReader(body))) {
      JsonValue value = reader.readValue();
      if (value instanceof JsonObject object && object.get("uri") instanceof JsonString s) {
        return Optional.of(s.getString());
      }
    } catch (JsonException notJson) {
      // neither JSON nor form: there is no uri in it
    }
    return Optional.empty();
  }

  private String claim(String name) {
    Object value = jwt.getClaim(name);
    if (value instanceof JsonString s) {
      return s.getString();
    }
    return value == null ? null : value.toString();
  }

  private static Response connectionGone(ConnectionGone gone) {
    Problem problem =
        Problem.of(
            Response.Status.UNAUTHORIZED,
            "connection-gone",
            gone.getMessage() + "; connect again.");
    return Response.status(401)
        .type(Problem.MEDIA_TYPE)
        .header("WWW-Authenticate", "Bearer error=\"invalid_token\"")
        .entity(problem)
        .build();
  }
}
