package io.previewbridge.platform.boundary;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Serves the pages' CSS, scripts and images from {@code assets/} on the classpath. JAX-RS owns the
 * whole context root (so that the Notion URLs sit at the root), which leaves no default servlet for
 * static files; this resource is that servlet, restricted to plain file names.
 */
@Path("assets")
public class AssetsResource {

  private static final Pattern SAFE_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
  private static final Map<String, String> TYPES =
      Map.of(
          "css", "text/css; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "svg", "image/svg+xml",
          "png", "image/png",
          "ico", "image/x-icon",
          "jpg", "image/jpeg",
          "json", "application/json");

  @GET
  @Path("{file}")
  public Response asset(@PathParam("file") String file) {
    int dot = file.lastIndexOf('.');
    String type = dot > 0 ? TYPES.get(file.substring(dot + 1)) : null;
    if (!SAFE_NAME.matcher(file).matches() || file.contains("..") || type == null) {
      return notFound();
    }
    try (InputStream in =
        AssetsResource.class.getClassLoader().getResourceAsStream("assets/" + file)) {
      if (in == null) {
        return notFound();
      }
      CacheControl cache = new CacheControl();
      cache.setMaxAge(3600);
      return Response.ok(in.readAllBytes(), type).cacheControl(cache).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Response notFound() {
    return Problem.of(Response.Status.NOT_FOUND, "not-found", "There is no such asset.")
        .toResponse();
  }
}
