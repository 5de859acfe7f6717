package io.previewbridge.notion.control;

import jakarta.json.bind.annotation.JsonbCreator;
import jakarta.json.bind.annotation.JsonbProperty;

/**
 * Notion's answer to a code exchange. Only the fields PreviewBridge uses are bound; Notion adds
 * fields over time ({@code refresh_token}, {@code request_id}) and unknown ones are ignored.
 */
public record NotionToken(
    String accessToken,
    String tokenType,
    String botId,
    String workspaceId,
    String workspaceName,
    String workspaceIcon,
    String refreshToken) {

  @JsonbCreator
  public NotionToken(
      @JsonbProperty("access_token") String accessToken,
      @JsonbProperty("token_type") String tokenType,
      @JsonbProperty("bot_id") String botId,
      @JsonbProperty("workspace_id") String workspaceId,
      @JsonbProperty("workspace_name") String workspaceName,
      @JsonbProperty("workspace_icon") String workspaceIcon,
      @JsonbProperty("refresh_token") String refreshToken) {
    this.accessToken = accessToken;
    this.tokenType = tokenType;
    this.botId = botId;
    this.workspaceId = workspaceId;
    this.workspaceName = workspaceName;
    this.workspaceIcon = workspaceIcon;
    this.refreshToken = refreshToken;
  }

  @Override
  public String toString() {
    return "NotionToken[workspaceId=" + workspaceId + ", botId=" + botId + ", token=***]";
  }
}
