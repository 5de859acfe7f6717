-- Identity (issue 11): people who sign in at the company's OpenID Connect provider, and the
-- tokens PreviewBridge keeps so that a preview is fetched as the person it is tracked for.

-- Accounts from the provider are keyed by issuer + subject; they have no password.
ALTER TABLE account ADD COLUMN issuer VARCHAR(500);
ALTER TABLE account ADD COLUMN subject VARCHAR(255);
ALTER TABLE account ADD COLUMN last_sign_in_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE account ALTER COLUMN password_hash DROP NOT NULL;
ALTER TABLE account ADD CONSTRAINT uq_account_issuer_subject UNIQUE (issuer, subject);

-- A person's tokens at another server: the company's provider ("idp") or a product's own OAuth
-- server declared under "providers" in the sources file. Both tokens encrypted (AES-GCM, bound
-- to the row); the refresh token lets change detection fetch long after the person signed in.
-- status GONE: the server refused the refresh for good; previews that need it stop until the
-- person signs in (or links) again, and problem says why.
CREATE TABLE upstream_credential (
    id                  VARCHAR(36)     NOT NULL PRIMARY KEY,
    account_id          VARCHAR(36)     NOT NULL REFERENCES account (id),
    server_id           VARCHAR(100)    NOT NULL,
    subject             VARCHAR(255),
    access_token        VARCHAR(16000),
    refresh_token       VARCHAR(16000),
    access_expires_at   TIMESTAMP WITH TIME ZONE,
    scope               VARCHAR(2000),
    status              VARCHAR(20)     NOT NULL,
    problem             VARCHAR(1000),
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    version             BIGINT          NOT NULL,
    CONSTRAINT uq_upstream_credential UNIQUE (account_id, server_id)
);
