package io.previewbridge.demo.boundary;

import io.previewbridge.platform.boundary.Problem;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Hides {@link DemoOnly} resources outside demo mode with the same 404 problem an unknown path
 * gets, so a production server does not even reveal that a demo exists.
 */
@Provider
@DemoOnly
@ApplicationScoped
@Priority(Priorities.AUTHENTICATION - 100)
public class DemoOnlyFilter implements ContainerRequestFilter {

  @Inject
  @ConfigProperty(name = "previewbridge.demo", defaultValue = "false")
  boolean demo;

  @Override
  public void filter(ContainerRequestContext request) {
    if (!demo) {
      request.abortWith(
          Problem.of(Response.Status.NOT_FOUND, "not-found", "There is nothing at this address.")
              .toResponse());
    }
  }
}
