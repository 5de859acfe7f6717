package io.previewbridge.credentials.control;

/**
 * A person's credential at a server became usable again (first sign-in or link, or again after it
 * was gone): previews that waited for it can be checked now. Fired after the commit.
 */
public record CredentialRenewed(String accountId, String serverId) {}
