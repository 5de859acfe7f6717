-- The admin console's audit log (issue 5): one row per admin action, written in the action's
-- own transaction, never updated or deleted by the application.
CREATE TABLE audit_entry (
    id                  VARCHAR(36)     NOT NULL PRIMARY KEY,
    occurred_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    actor               VARCHAR(200)    NOT NULL,
    action              VARCHAR(100)    NOT NULL,
    target              VARCHAR(2048),
    detail              VARCHAR(4000)
);
CREATE INDEX ix_audit_entry_occurred ON audit_entry (occurred_at);
