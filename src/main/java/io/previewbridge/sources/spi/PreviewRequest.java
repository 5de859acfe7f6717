package io.previewbridge.sources.spi;

import java.util.Map;
import java.util.Optional;

/**
 * What a {@link PreviewSource} is asked for: the pasted uri as Notion sent it, the text of each
 * named group of the source's pattern, who is asking, and the source's id in the sources file.
 *
 * @param sourceId the {@code id} of the sources file entry that matched
 * @param uri the pasted link
 * @param groups named group values of the pattern (groups that matched nothing are absent)
 * @param account the signed-in account that connected Notion
 * @param accessToken when the source's {@code auth} fetches as the person ({@code user-token},
 *     {@code token-exchange} or {@code oauth}), the person's token for the source's upstream, to be
 *     sent as {@code Authorization: Bearer}; empty for {@code service} sources. A bean must send it
 *     only to that upstream and never keep or log it.
 */
public record PreviewRequest(
    String sourceId,
    String uri,
    Map<String, String> groups,
    Account account,
    Optional<String> accessToken) {

  public PreviewRequest {
    groups = Map.copyOf(groups);
    accessToken = accessToken == null ? Optional.empty() : accessToken;
  }

  /** A request without a person's token (a {@code service} source). */
  public PreviewRequest(String sourceId, String uri, Map<String, String> groups, Account account) {
    this(sourceId, uri, groups, account, Optional.empty());
  }

  @Override
  public String toString() {
    return "PreviewRequest[sourceId="
        + sourceId
        + ", uri="
        + uri
        + ", account="
        + account
        + ", accessToken="
        + (accessToken.isPresent() ? "***" : "none")
        + "]";
  }

  /** A named group's text, if the group matched. */
  public Optional<String> group(String name) {
    return Optional.ofNullable(groups.get(name));
  }

  /**
   * The PreviewBridge account a preview is built for, so that a bean can answer as that person may
   * see the item. Any field may be null (an account removed since it connected).
   *
   * @param id the account's id
   * @param username the sign-in name
   * @param email the email address, if the account has one
   */
  public record Account(String id, String username, String email) {}
}
