package io.previewbridge.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.client.MappingBuilder;

/** WireMock stand-ins for Notion's side that many in-container tests need alike. */
public final class NotionStubs {

  private NotionStubs() {}

  /** Notion's token endpoint, trading any code for a token of workspace {@code workspaceId}. */
  public static MappingBuilder tokenExchange(String workspaceId) {
    return post(urlPathEqualTo("/v1/oauth/token")).willReturn(okJson(tokenAnswer(workspaceId)));
  }

  /**
   * Notion's token endpoint answering every exchange with a workspace of its own, so that every
   * connection a test makes is a new one (a connection is per account and workspace).
   */
  public static MappingBuilder tokenExchangeForNewWorkspaces() {
    return post(urlPathEqualTo("/v1/oauth/token"))
        .willReturn(
            okJson(tokenAnswer("ws-{{randomValue length=16 type='ALPHANUMERIC'}}"))
                .withTransformers("response-template"));
  }

  static String tokenAnswer(String workspaceId) {
    return "{\"access_token\":\"ntn_x\",\"token_type\":\"bearer\",\"bot_id\":\"b\","
        + "\"workspace_id\":\""
        + workspaceId
        + "\",\"workspace_name\":\"W\"}";
  }
}
