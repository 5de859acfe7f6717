package io.previewbridge.notion.control;

import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbProperty;

/** Body of {@code POST /v1/oauth/token} with {@code grant_type=authorization_code}. */
@JsonbNillable(false)
public record NotionTokenRequest(
    @JsonbProperty("grant_type") String grantType,
    @JsonbProperty("code") String code,
    @JsonbProperty("external_account") ExternalAccount externalAccount) {

  /** How the connection appears in the user's "My connections" list in Notion. */
  public record ExternalAccount(
      @JsonbProperty("key") String key, @JsonbProperty("name") String name) {}

  public static NotionTokenRequest authorizationCode(String code, ExternalAccount account) {
    return new NotionTokenRequest("authorization_code", code, account);
  }
}
