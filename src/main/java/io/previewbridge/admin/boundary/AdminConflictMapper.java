package io.previewbridge.admin.boundary;

import io.previewbridge.admin.control.AdminConflict;
import io.previewbridge.platform.boundary.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** {@link AdminConflict} as a 409 problem whose detail says what is in the way. */
@Provider
public class AdminConflictMapper implements ExceptionMapper<AdminConflict> {

  @Override
  public Response toResponse(AdminConflict conflict) {
    return Problem.of(Response.Status.CONFLICT, "conflict", conflict.getMessage()).toResponse();
  }
}
