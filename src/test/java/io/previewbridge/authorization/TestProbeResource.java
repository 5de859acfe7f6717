package io.previewbridge.authorization;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * TEST ONLY, added to the deployment by {@link NotionAuthorizationIT}: stands in for the unfurl
 * callback, a resource protected exactly like it, answering the connection id of the token.
 */
@Path("test-probe")
@RequestScoped
@RolesAllowed("notion")
public class TestProbeResource {

  @Inject JsonWebToken jwt;

  @GET
  @Produces(MediaType.TEXT_PLAIN)
  public String connection() {
    return jwt.getSubject();
  }
}
