package io.previewbridge.sources.entity;

import java.util.Arrays;
import java.util.Optional;

/**
 * How a source's fetches authenticate ({@code "auth"} in the sources file): as the server, with the
 * secrets its {@code fetch.headers} name ({@link Kind#SERVICE}, the default), or as the person the
 * preview is for. A person's token is sent as {@code Authorization: Bearer} and only to the host
 * written in {@code fetch.url}; a person without a usable token gets no card, never the server's.
 */
public record SourceAuth(
    Kind kind, Optional<String> audience, Optional<String> scope, Optional<String> provider) {

  /** The ways a fetch can authenticate. */
  public enum Kind {
    /** The server's own secrets in {@code fetch.headers}: data every employee may see. */
    SERVICE("service"),
    /** The person's access token from the company's identity provider. */
    USER_TOKEN("user-token"),
    /** A token for this upstream only, exchanged for the person's at the provider (RFC 8693). */
    TOKEN_EXCHANGE("token-exchange"),
    /** The person's token at the product's own OAuth server, linked once ({@code providers}). */
    OAUTH("oauth");

    private final String json;

    Kind(String json) {
      this.json = json;
    }

    public String json() {
      return json;
    }

    public static Optional<Kind> fromJson(String name) {
      return Arrays.stream(values()).filter(k -> k.json.equals(name)).findFirst();
    }
  }

  public static final SourceAuth SERVICE =
      new SourceAuth(Kind.SERVICE, Optional.empty(), Optional.empty(), Optional.empty());

  /** Whether fetches carry a token of the person the preview is for. */
  public boolean asPerson() {
    return kind != Kind.SERVICE;
  }

  /** A short description for the console: {@code token-exchange (audience acme-reports)}. */
  public String describe() {
    StringBuilder text = new StringBuilder(kind.json());
    audience.ifPresent(a -> text.append(" (audience ").append(a).append(')'));
    scope.ifPresent(s -> text.append(" scope ").append(s));
    provider.ifPresent(p -> text.append(" (provider ").append(p).append(')'));
    return text.toString();
  }
}
