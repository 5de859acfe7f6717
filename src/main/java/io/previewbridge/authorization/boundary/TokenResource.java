package io.previewbridge.authorization.boundary;

import io.previewbridge.authorization.control.ClientCredentials;
import io.previewbridge.authorization.control.IssuedTokens;
import io.previewbridge.authorization.control.OAuthError;
import io.previewbridge.authorization.control.RegisteredClient;
import io.previewbridge.authorization.control.TokenIssuer;
import io.previewbridge.platform.entity.JsonP;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Our OAuth token endpoint, called by Notion with {@code grant_type=authorization_code} (after the
 * browser came back with our code) and {@code refresh_token}. Answers RFC 6749 §5.1 JSON, or §5.2
 * errors: {@code invalid_client} (401, with a Basic challenge), {@code invalid_request}, {@code
 * invalid_grant}, {@code unsupported_grant_type} (400). Never cached, never a server error for
 * anything a client can send.
 */
@Path("notion/token")
public class TokenResource {

  @Inject RegisteredClient client;
  @Inject TokenIssuer issuer;
  @Context HttpServletRequest servletRequest;

  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  public Response token(
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
      byte[] body) {
    try {
      String query = servletRequest.getQueryString();
      if (query != null && !query.isEmpty()) {
        // a secret in a URL ends up in logs and histories (RFC 6749 §2.3.1, RFC 9700 §4.16)
        throw OAuthError.invalidRequest(
            "Send the parameters in the request body, never in the URL's query string.");
      }
      Map<String, List<String>> parameters = parameters(contentType, body);
      String clientId =
          client.authenticate(
              ClientCredentials.resolve(
                  ClientCredentials.fromBasicHeader(authorization),
                  single(parameters, "client_id"),
                  single(parameters, "client_secret")));
      String grantType = single(parameters, "grant_type");
      if (grantType == null) {
        throw OAuthError.invalidRequest("grant_type is missing.");
      }
      IssuedTokens tokens =
          switch (grantType) {
            case "authorization_code" ->
                issuer.redeemCode(
                    clientId,
                    required(parameters, "code"),
                    required(parameters, "redirect_uri"),
                    single(parameters, "code_verifier"));
            case "refresh_token" -> issuer.refresh(required(parameters, "refresh_token"));
            default ->
                throw new OAuthError(
                    OAuthError.UNSUPPORTED_GRANT_TYPE,
                    "grant_type must be authorization_code or refresh_token.");
          };
      return noStore(
              Response.ok(
                  JsonP.createObjectBuilder()
                      .add("access_token", tokens.accessToken())
                      .add("token_type", "bearer")
                      .add("expires_in", tokens.expiresIn())
                      .add("refresh_token", tokens.refreshToken())
                      .build()
                      .toString(),
                  MediaType.APPLICATION_JSON_TYPE))
          .build();
    } catch (OAuthError error) {
      return error(error);
    }
  }

  /**
   * The body's parameters. When something in the container read a form body first (servlet
   * parameters), the stream is empty and the parameters come from the servlet request instead.
   */
  private Map<String, List<String>> parameters(String contentType, byte[] body) {
    try {
      Map<String, List<String>> parsed = RequestBody.parse(contentType, body);
      if (parsed.isEmpty()
          && contentType != null
          && contentType.toLowerCase().startsWith(MediaType.APPLICATION_FORM_URLENCODED)) {
        Map<String, List<String>> fromServlet = new LinkedHashMap<>();
        servletRequest.getParameterMap().forEach((k, v) -> fromServlet.put(k, Arrays.asList(v)));
        return fromServlet;
      }
      return parsed;
    } catch (IllegalArgumentException malformed) {
      throw OAuthError.invalidRequest(malformed.getMessage());
    }
  }

  private static String single(Map<String, List<String>> parameters, String name) {
    try {
      return RequestBody.single(parameters, name);
    } catch (IllegalArgumentException duplicate) {
      throw OAuthError.invalidRequest(duplicate.getMessage());
    }
  }

  private static String required(Map<String, List<String>> parameters, String name) {
    String value = single(parameters, name);
    if (value == null) {
      throw OAuthError.invalidRequest(name + " is missing.");
    }
    return value;
  }

  static Response error(OAuthError error) {
    boolean clientError = OAuthError.INVALID_CLIENT.equals(error.error());
    Response.ResponseBuilder response =
        Response.status(clientError ? 401 : 400)
            .type(MediaType.APPLICATION_JSON_TYPE)
            .entity(
                JsonP.createObjectBuilder()
                    .add("error", error.error())
                    .add("error_description", error.description())
                    .build()
                    .toString());
    if (clientError) {
      response.header(
          HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"PreviewBridge\", charset=\"UTF-8\"");
    }
    return noStore(response).build();
  }

  static Response.ResponseBuilder noStore(Response.ResponseBuilder response) {
    return response.header(HttpHeaders.CACHE_CONTROL, "no-store").header("Pragma", "no-cache");
  }
}
