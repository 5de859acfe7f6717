package io.previewbridge.notion.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The Notion workspaces this installation serves ({@code previewbridge.notion.allowed-workspaces},
 * comma-separated workspace ids). Unset: any workspace may connect. Set: a connection from any
 * other workspace is refused at consent, and Notion's token for it revoked, so that a person cannot
 * carry the company's data into a workspace of their own.
 */
@ApplicationScoped
public class AllowedWorkspaces {

  @Inject
  @ConfigProperty(name = "previewbridge.notion.allowed-workspaces")
  Optional<String> configured;

  public Set<String> ids() {
    return parse(configured.orElse(""));
  }

  static Set<String> parse(String text) {
    return Arrays.stream(text.split(","))
        .map(String::trim)
        .filter(id -> !id.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }

  /** Whether a workspace of this id may connect. */
  public boolean allows(String workspaceId) {
    Set<String> ids = ids();
    return ids.isEmpty() || (workspaceId != null && ids.contains(workspaceId.trim()));
  }
}
