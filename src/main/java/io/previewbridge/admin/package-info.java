/**
 * Admin: pages and endpoints for the people who run PreviewBridge (accounts with the {@code admin}
 * role), starting with what to paste into Notion's integration settings.
 *
 * <p>Operations: {@link io.previewbridge.admin.boundary.NotionSettingsResource} serves {@code GET
 * /admin/notion-settings} (HTML) and {@code GET /api/admin/notion-settings} (JSON), built by {@link
 * io.previewbridge.admin.control.NotionSettings}: the four Notion URLs, our OAuth client id, and
 * for each source its rule (name, sample URLs, pattern, placeholder attributes in Notion's {@code
 * $<group>} syntax).
 *
 * <p>Decisions: access rides on the session sign-in of people ({@code SignedInAccount}), not on
 * MP-JWT (whose tokens are Notion's) nor a container realm; the role is checked on every request.
 * Anonymous: the page redirects to sign-in, the API answers 401; signed in without {@code admin}:
 * 403. Patterns are shown in JavaScript syntax (Notion's form tests them with {@code RegExp}):
 * {@code \Q...\E} quoting, which the loader uses for {@code {config:...}} values, is rewritten as
 * backslash escapes. Placeholder attributes are the source's attributes whose value needs only
 * pattern groups; the title falls back to the matched groups, and {@code dev} is added.
 *
 * <p>The console's frame: {@link io.previewbridge.admin.boundary.AdminOnly} marks every admin page
 * and API resource, and {@link io.previewbridge.admin.boundary.AdminAccessFilter} checks the
 * session sign-in and the {@code admin} role (API: 401/403 problem+json, and the session's CSRF
 * token in {@code X-CSRF-Token} on every changing call, read from {@code GET /api/admin/session};
 * pages: sign-in redirect or a 403 page). {@link io.previewbridge.admin.boundary.AdminPages}
 * renders pages in {@code admin-layout.mustache} with their own Content-Security-Policy; {@code
 * assets/admin.js} calls the API. {@link io.previewbridge.admin.control.AuditLog} records every
 * admin action in the action's own transaction ({@code audit_entry}, never updated).
 *
 * <p>The console's operations: {@link io.previewbridge.admin.boundary.OverviewResource} ({@code
 * /admin}, {@code GET /api/admin/overview}) shows what {@link
 * io.previewbridge.admin.control.Overview} counts (connections by status, workspaces, previews,
 * pending and failed deliveries), the latest errors, and the last hour's latency per minute:
 * unfurls from {@link io.previewbridge.admin.control.Latencies} (this node's memory, fed by the
 * {@link io.previewbridge.admin.boundary.UnfurlTiming} filter, so the unfurl feature knows nothing
 * of it), pushes from the delivery rows (written to delivered). {@link
 * io.previewbridge.admin.boundary.ConnectionsResource} lists connections and revokes one through
 * {@link io.previewbridge.admin.control.AdminConnections}, which calls {@code Connections.revoke}
 * exactly like the deleted-token callback. {@link
 * io.previewbridge.admin.boundary.DeliveriesResource} lists pending and failed deliveries and
 * retries or discards one through {@link io.previewbridge.admin.control.AdminDeliveries}: a retry
 * is refused ({@link io.previewbridge.admin.control.AdminConflict}, 409) when a newer state of the
 * preview exists (a newer delivery, or a later unfurl), since a PATCH replaces the whole preview;
 * an accepted retry fires {@code DeliveryQueued} so it is sent at once. {@code AdminInput} reads
 * ids (UUIDs, else 400) and limits for these resources. Every action writes the audit log in its
 * own transaction.
 *
 * <p>Not here: the OAuth client secret (never shown).
 */
package io.previewbridge.admin;
