package io.previewbridge.webhooks.boundary;

import io.previewbridge.platform.boundary.Problem;
import io.previewbridge.platform.entity.JsonP;
import io.previewbridge.webhooks.control.ChangeIntake;
import io.previewbridge.webhooks.control.ChangesParser;
import io.previewbridge.webhooks.control.SignatureRefused;
import io.previewbridge.webhooks.control.SignatureVerifier;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.Response.Status;
import java.io.IOException;
import java.io.InputStream;
import java.util.logging.Logger;

/**
 * {@code POST /webhooks/changes}: the company's systems say what changed, and the tracked previews
 * concerned are re-checked at once. The body is read as bytes (the signature covers exactly those
 * bytes), verified before it is parsed, and only then read as JSON. Answers 202 with how many
 * tracked previews were scheduled; 401 for a missing, stale or wrong signature; 400 with field
 * errors for a malformed body; 404 when no secret is configured (the feature is off).
 */
@Path("webhooks/changes")
public class ChangesResource {

  private static final Logger LOG = Logger.getLogger(ChangesResource.class.getName());

  /** Larger bodies are refused before they are read whole. */
  static final int MAX_BODY_BYTES = 1024 * 1024;

  @Inject SignatureVerifier signatures;
  @Inject ChangeIntake intake;

  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  public Response changed(
      @HeaderParam(SignatureVerifier.TIMESTAMP_HEADER) String timestamp,
      @HeaderParam(SignatureVerifier.SIGNATURE_HEADER) String signature,
      InputStream body)
      throws IOException {
    if (!signatures.enabled()) {
      return Problem.of(
              Status.NOT_FOUND,
              "webhooks-disabled",
              "Change notifications are not enabled on this server (previewbridge.webhooks.secret"
                  + " is not set).")
          .toResponse();
    }
    byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
    if (bytes.length > MAX_BODY_BYTES) {
      return Problem.of(
              Status.REQUEST_ENTITY_TOO_LARGE,
              "body-too-large",
              "The body is larger than " + MAX_BODY_BYTES + " bytes; split the changes.")
          .toResponse();
    }
    try {
      signatures.verify(timestamp, signature, bytes);
    } catch (SignatureRefused refused) {
      LOG.info(() -> "Change notification refused: " + refused.getMessage());
      return Response.fromResponse(
              Problem.of(Status.UNAUTHORIZED, "invalid-signature", refused.getMessage())
                  .toResponse())
          .header(HttpHeaders.WWW_AUTHENTICATE, "PreviewBridge-Signature")
          .build();
    }
    int scheduled = intake.accept(ChangesParser.parse(bytes));
    return Response.accepted(JsonP.createObjectBuilder().add("scheduled", scheduled).build())
        .type(MediaType.APPLICATION_JSON)
        .build();
  }
}
