package io.previewbridge.notion.control;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;

/**
 * The two Notion endpoints a Link Preview integration calls, as a MicroProfile Rest Client. Built
 * by {@link NotionClient} with the base URL and timeouts from configuration; remote errors arrive
 * as {@link NotionApiException}.
 */
@Path("/v1")
@RegisterProvider(NotionErrorMapper.class)
public interface NotionApi {

  /** Exchange Notion's authorization code for a Notion token (Basic auth, JSON body). */
  @POST
  @Path("/oauth/token")
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  NotionToken exchangeCode(
      @HeaderParam("Authorization") String basicAuthorization,
      @HeaderParam("Notion-Version") String notionVersion,
      NotionTokenRequest request);

  /** Revoke a Notion token we no longer want (Basic auth, JSON body {@code {"token": ...}}). */
  @POST
  @Path("/oauth/revoke")
  @Consumes(MediaType.APPLICATION_JSON)
  Response revokeToken(
      @HeaderParam("Authorization") String basicAuthorization,
      @HeaderParam("Notion-Version") String notionVersion,
      String body);

  /** Replace the attributes (and/or error) of the previews of one uri. */
  @PATCH
  @Path("/external/object")
  @Consumes(MediaType.APPLICATION_JSON)
  Response updateExternalObject(
      @HeaderParam("Authorization") String bearerAuthorization,
      @HeaderParam("Notion-Version") String notionVersion,
      String body);
}
