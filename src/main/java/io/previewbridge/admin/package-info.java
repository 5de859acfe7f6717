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
 * <p>Tracked previews, sources and accounts: {@link
 * io.previewbridge.admin.boundary.PreviewsAdminResource} serves {@code /api/admin/previews}
 * (search, one preview with its last operations, refresh now, stop tracking) and the pages {@code
 * /admin/previews} and {@code /admin/previews/{id}} (the card drawn by {@code assets/card.js});
 * {@link io.previewbridge.admin.control.AdminPreviews} runs the JPQL search, makes one preview due
 * and starts change detection after the commit, and stops tracking through {@code
 * PreviewTracker.stop} as Notion's DELETE does. {@link
 * io.previewbridge.admin.boundary.SourcesAdminResource} serves {@code /api/admin/sources} (loaded
 * sources with Notion's settings, {@code try}, {@code check}) and {@code /admin/sources}; {@link
 * io.previewbridge.admin.control.AdminSources} tries a URL with the real {@code SourceRegistry} and
 * {@code PreviewBuilder} as a chosen account, without tracking or caching, and checks a pasted file
 * with {@code SourcesParser}, the start-up validator. {@link
 * io.previewbridge.admin.boundary.AccountsAdminResource} serves {@code /api/admin/accounts} (list,
 * create, disable, enable, reset password) and {@code /admin/accounts}; {@link
 * io.previewbridge.admin.control.AdminAccounts} validates, acts through {@code Accounts}, marks the
 * accounts the accounts file lists (the file only creates missing accounts, so console changes
 * survive restarts), refuses disabling oneself, and revokes a disabled account's connections (a
 * disabled person's links must not be fetched with their permissions). {@link
 * io.previewbridge.admin.control.AdminConflict} is a state that forbids an action, answered 409 by
 * {@link io.previewbridge.admin.boundary.AdminConflictMapper}; {@code JsonBody} reads request
 * bodies so that every wrong field is a 400 naming it.
 *
 * <p>Not here: the OAuth client secret (never shown).
 */
package io.previewbridge.admin;
