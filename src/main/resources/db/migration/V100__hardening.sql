-- Hardening (issue 12): a password reset, a disabled account or an admin's revoke ends the
-- account's sessions at once, on every node. A session signed in before this moment is over.
ALTER TABLE account ADD COLUMN sessions_valid_after TIMESTAMP WITH TIME ZONE;

-- RFC 7636: a code issued for a request with a PKCE challenge is redeemed only with its verifier.
ALTER TABLE authorization_code ADD COLUMN code_challenge VARCHAR(128);
