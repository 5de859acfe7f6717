package io.previewbridge.notion.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.RestClientBuilder;

/**
 * PreviewBridge's calls to Notion's API: the code exchange of the authorization flow and the PATCH
 * that pushes a changed preview. Every call is bounded by the configured connect and read timeouts;
 * transport failures surface as {@link NotionApiException#unreachable}.
 */
@ApplicationScoped
public class NotionClient {

  private static final java.util.logging.Logger LOG =
      java.util.logging.Logger.getLogger(NotionClient.class.getName());

  @Inject
  @ConfigProperty(name = "previewbridge.notion.api-url")
  String apiUrl;

  @Inject
  @ConfigProperty(name = "previewbridge.notion.client-id")
  String integrationClientId;

  @Inject
  @ConfigProperty(name = "previewbridge.notion.client-secret")
  String integrationClientSecret;

  @Inject
  @ConfigProperty(name = "previewbridge.notion.oauth-version")
  String oauthVersion;

  @Inject
  @ConfigProperty(name = "previewbridge.notion.patch-version")
  String patchVersion;

  @Inject
  @ConfigProperty(name = "previewbridge.notion.connect-timeout")
  Duration connectTimeout;

  @Inject
  @ConfigProperty(name = "previewbridge.notion.read-timeout")
  Duration readTimeout;

  NotionApi api;

  static final String JERSEY_PATCH_WORKAROUND =
      "jersey.config.client.httpUrlConnection.setMethodWorkaround";

  @PostConstruct
  void build() {
    api =
        RestClientBuilder.newBuilder()
            .baseUri(URI.create(apiUrl))
            .connectTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS)
            .readTimeout(readTimeout.toMillis(), TimeUnit.MILLISECONDS)
            // Jersey's default connector (HttpURLConnection, Payara's MP Rest Client) refuses
            // PATCH unless told to work around it; other implementations ignore the property.
            .property(JERSEY_PATCH_WORKAROUND, true)
            .build(NotionApi.class);
  }

  /**
   * Trades Notion's one-time code for a Notion token for the account named by {@code account}.
   *
   * @throws NotionApiException if Notion refuses the code or cannot be reached
   */
  public NotionToken exchangeCode(String code, NotionTokenRequest.ExternalAccount account) {
    try {
      NotionToken token =
          api.exchangeCode(
              basic(integrationClientId, integrationClientSecret),
              oauthVersion,
              NotionTokenRequest.authorizationCode(code, account));
      if (token == null || token.accessToken() == null || token.workspaceId() == null) {
        throw new NotionApiException(
            502,
            "invalid_response",
            "Notion's token response lacks access_token or workspace_id",
            null);
      }
      return token;
    } catch (ProcessingException transport) {
      throw NotionApiException.unreachable(transport);
    }
  }

  /**
   * Asks Notion to revoke one of its tokens, best effort: when the user denied consent after the
   * code exchange, or the token is otherwise unwanted. Returns whether Notion confirmed; never
   * throws, and never logs the token.
   */
  public boolean revokeToken(String notionToken) {
    String body =
        jakarta.json.Json.createObjectBuilder().add("token", notionToken).build().toString();
    try (Response response =
        api.revokeToken(basic(integrationClientId, integrationClientSecret), oauthVersion, body)) {
      return response.getStatus() / 100 == 2;
    } catch (RuntimeException refusedOrUnreachable) {
      LOG.info(
          () ->
              "Notion did not confirm revoking a token ("
                  + refusedOrUnreachable.getClass().getSimpleName()
                  + "); it is discarded on our side anyway");
      return false;
    }
  }

  /**
   * Sends one {@code PATCH /v1/external/object}. Returns the HTTP status of a 2xx answer.
   *
   * @throws NotionApiException on any other answer, or if Notion cannot be reached
   */
  public int updateExternalObject(String notionToken, String body) {
    try (Response response =
        api.updateExternalObject("Bearer " + notionToken, patchVersion, body)) {
      return response.getStatus();
    } catch (ProcessingException transport) {
      throw NotionApiException.unreachable(transport);
    }
  }

  static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
