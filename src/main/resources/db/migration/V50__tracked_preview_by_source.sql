-- A change webhook that names a source and pattern groups looks for the active previews of that
-- source (issue 4, "Push, not only poll").
CREATE INDEX ix_tracked_preview_source ON tracked_preview (source_id, status);
