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
 */
public record PreviewRequest(
    String sourceId, String uri, Map<String, String> groups, Account account) {

  public PreviewRequest {
    groups = Map.copyOf(groups);
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
