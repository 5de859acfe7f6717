-- The schema of the whole Link Preview loop. Portable SQL: runs unchanged on H2 2.x and
-- PostgreSQL 12+. Ids are application-assigned UUID strings, so no database sequences or
-- identity columns are involved. Times are UTC instants.

CREATE TABLE account (
    id              VARCHAR(36)   NOT NULL PRIMARY KEY,
    username        VARCHAR(100)  NOT NULL,
    display_name    VARCHAR(200)  NOT NULL,
    email           VARCHAR(320),
    password_hash   VARCHAR(500)  NOT NULL,
    roles           VARCHAR(200)  NOT NULL,
    enabled         BOOLEAN       NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_account_username UNIQUE (username)
);

-- A Notion workspace, as Notion's token endpoint described it.
CREATE TABLE workspace (
    id              VARCHAR(100)  NOT NULL PRIMARY KEY,
    name            VARCHAR(500),
    icon            VARCHAR(2000),
    first_seen_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

-- One of our accounts linked to one Notion workspace. notion_token is encrypted (AES-GCM).
CREATE TABLE connection (
    id                      VARCHAR(36)   NOT NULL PRIMARY KEY,
    account_id              VARCHAR(36)   NOT NULL REFERENCES account (id),
    workspace_id            VARCHAR(100)  NOT NULL REFERENCES workspace (id),
    external_account_key    VARCHAR(200)  NOT NULL,
    external_account_name   VARCHAR(500)  NOT NULL,
    bot_id                  VARCHAR(100),
    notion_token            VARCHAR(4000),
    notion_refresh_token    VARCHAR(4000),
    status                  VARCHAR(20)   NOT NULL,
    created_at              TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at              TIMESTAMP WITH TIME ZONE NOT NULL,
    last_used_at            TIMESTAMP WITH TIME ZONE,
    revoked_at              TIMESTAMP WITH TIME ZONE,
    CONSTRAINT uq_connection_account_workspace UNIQUE (account_id, workspace_id)
);

-- Our one-time authorization codes, stored only as SHA-256 hashes.
CREATE TABLE authorization_code (
    code_hash       VARCHAR(64)   NOT NULL PRIMARY KEY,
    connection_id   VARCHAR(36)   NOT NULL REFERENCES connection (id),
    client_id       VARCHAR(200)  NOT NULL,
    redirect_uri    VARCHAR(2000) NOT NULL,
    scope           VARCHAR(1000),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    redeemed_at     TIMESTAMP WITH TIME ZONE,
    grant_id        VARCHAR(36)
);

-- What one redeemed code issued: a refresh token (hash) and the access tokens minted from it,
-- which carry the grant id and die with it.
CREATE TABLE token_grant (
    id                          VARCHAR(36)   NOT NULL PRIMARY KEY,
    connection_id               VARCHAR(36)   NOT NULL REFERENCES connection (id),
    code_hash                   VARCHAR(64),
    scope                       VARCHAR(1000),
    refresh_token_hash          VARCHAR(64)   NOT NULL,
    previous_refresh_token_hash VARCHAR(64),
    previous_valid_until        TIMESTAMP WITH TIME ZONE,
    created_at                  TIMESTAMP WITH TIME ZONE NOT NULL,
    refreshed_at                TIMESTAMP WITH TIME ZONE,
    revoked_at                  TIMESTAMP WITH TIME ZONE,
    revocation_reason           VARCHAR(200),
    CONSTRAINT uq_token_grant_refresh UNIQUE (refresh_token_hash)
);
CREATE INDEX ix_token_grant_connection ON token_grant (connection_id);
CREATE INDEX ix_token_grant_previous ON token_grant (previous_refresh_token_hash);

-- The key that signs our access tokens; the private half encrypted.
CREATE TABLE signing_key (
    id              VARCHAR(64)   NOT NULL PRIMARY KEY,
    algorithm       VARCHAR(20)   NOT NULL,
    private_key     VARCHAR(8000) NOT NULL,
    public_key      VARCHAR(4000) NOT NULL,
    active          BOOLEAN       NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

-- A uri unfurled through a connection, watched for changes.
CREATE TABLE tracked_preview (
    id                  VARCHAR(36)     NOT NULL PRIMARY KEY,
    connection_id       VARCHAR(36)     NOT NULL REFERENCES connection (id),
    uri                 VARCHAR(2048)   NOT NULL,
    source_id           VARCHAR(100)    NOT NULL,
    status              VARCHAR(20)     NOT NULL,
    attributes          VARCHAR(1000000),
    content_hash        VARCHAR(64),
    last_error          VARCHAR(2000),
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    last_unfurled_at    TIMESTAMP WITH TIME ZONE,
    last_checked_at     TIMESTAMP WITH TIME ZONE,
    last_changed_at     TIMESTAMP WITH TIME ZONE,
    next_check_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    version             BIGINT          NOT NULL,
    CONSTRAINT uq_tracked_preview_connection_uri UNIQUE (connection_id, uri)
);
CREATE INDEX ix_tracked_preview_due ON tracked_preview (status, next_check_at);

-- The outbox: a PATCH to Notion that must be delivered, written in the same transaction as the
-- change that caused it.
CREATE TABLE delivery (
    id                  VARCHAR(36)     NOT NULL PRIMARY KEY,
    tracked_preview_id  VARCHAR(36)     NOT NULL REFERENCES tracked_preview (id),
    connection_id       VARCHAR(36)     NOT NULL REFERENCES connection (id),
    uri                 VARCHAR(2048)   NOT NULL,
    payload             VARCHAR(1000000) NOT NULL,
    content_hash        VARCHAR(64)     NOT NULL,
    status              VARCHAR(20)     NOT NULL,
    attempts            INTEGER         NOT NULL,
    next_attempt_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    last_status         INTEGER,
    last_error          VARCHAR(2000),
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    delivered_at        TIMESTAMP WITH TIME ZONE,
    version             BIGINT          NOT NULL
);
CREATE INDEX ix_delivery_due ON delivery (status, next_attempt_at);
CREATE INDEX ix_delivery_preview ON delivery (tracked_preview_id);
