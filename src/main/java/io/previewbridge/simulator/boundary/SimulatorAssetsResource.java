package io.previewbridge.simulator.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The page's stylesheet and scripts, {@code /simulator/assets/FILE}, from simulator.war itself (the
 * JAX-RS application covers the whole context, so static files would not be served beside it). Only
 * the files named here are served: no CDN, no build step.
 */
@ApplicationScoped
@Path("assets")
public class SimulatorAssetsResource {

  static final Map<String, String> FILES =
      Map.of(
          "simulator.css", "text/css; charset=utf-8",
          "card.js", "text/javascript; charset=utf-8",
          "card.css", "text/css; charset=utf-8",
          "simulator.js", "text/javascript; charset=utf-8");

  @GET
  @Path("{file}")
  public Response file(@PathParam("file") String file) {
    String type = FILES.get(file);
    if (type == null) {
      throw new NotFoundException();
    }
    try (InputStream in =
        SimulatorAssetsResource.class.getClassLoader().getResourceAsStream("assets/" + file)) {
      if (in == null) {
        throw new NotFoundException();
      }
      CacheControl cache = new CacheControl();
      cache.setNoCache(true);
      return Response.ok(in.readAllBytes(), type).cacheControl(cache).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
