package io.previewbridge.authorization.boundary;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Notion's Deleted Token Callback URL: the user disconnected us, so everything we issued for that
 * connection dies and Notion's token for it is deleted. Idempotent, and always 200 (even when the
 * token matches nothing), since Notion cannot act on an error here.
 */
@Path("notion/deleted")
public class DeletedTokenResource {

  @Inject DeletedTokenCallback callback;

  @DELETE
  @Consumes(MediaType.WILDCARD)
  public Response delete(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      byte[] body) {
    callback.handle(authorization, contentType, body);
    return Response.ok().build();
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  public Response post(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      byte[] body) {
    return delete(authorization, contentType, body);
  }
}
