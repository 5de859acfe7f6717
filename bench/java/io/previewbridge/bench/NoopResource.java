package io.previewbridge.bench;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The baseline: a JAX-RS endpoint that does nothing, added only to the benchmark's copy of the WAR.
 * Every figure is reported as a ratio to this endpoint, measured in the same server in the same
 * run, so machine speed cancels out.
 */
@Path("bench/noop")
public class NoopResource {

  @GET
  @Produces(MediaType.TEXT_PLAIN)
  public String noop() {
    return "ok";
  }
}
