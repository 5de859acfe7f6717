package io.previewbridge.sources.entity;

/**
 * The signed-in account a preview is built for, so that a fetch can carry who is asking ({@code
 * {account:username}}, {@code {account:id}}, {@code {account:email}}). Any field may be null.
 */
public record Requester(String id, String username, String email) {

  public static final Requester NOBODY = new Requester(null, null, null);

  public String field(String name) {
    return switch (name) {
      case "id" -> id;
      case "username" -> username;
      case "email" -> email;
      default -> null;
    };
  }
}
