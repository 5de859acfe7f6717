package io.previewbridge.simulator.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The page's stylesheet, {@code /simulator/assets/simulator.css}, from simulator.war itself (the
 * JAX-RS application covers the whole context, so static files would not be served beside it).
 */
@ApplicationScoped
@Path("assets")
public class SimulatorAssetsResource {

  @GET
  @Path("simulator.css")
  @Produces("text/css; charset=utf-8")
  public String stylesheet() {
    try (InputStream in =
        SimulatorAssetsResource.class
            .getClassLoader()
            .getResourceAsStream("assets/simulator.css")) {
      if (in == null) {
        throw new NotFoundException();
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
