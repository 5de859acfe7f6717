/**
 * The demo product: a small stand-in for "the company's product" that PreviewBridge previews, so
 * the whole loop can be seen without connecting a real system. Active only in demo mode ({@code
 * previewbridge.demo=true}); otherwise every path answers 404.
 *
 * <p>Operations: {@code /demo} lists the items; {@code /demo/items/{id}} is an item's page (the URL
 * people paste into Notion) with a form that edits it; {@code /demo/api/items[/{id}]} is the JSON
 * API (GET, PUT replaces every editable field, PATCH merges) that the demo sources file ({@code
 * demo/sources.json}) fetches through the ordinary {@code fetch} machinery; {@code
 * /demo/charts/{id}} is a chart on its own page that Notion may frame; {@code /demo/images/...} are
 * generated SVG avatars and design previews.
 *
 * <p>Decisions: one item kind per kind of preview Notion's docs name (task card, design file,
 * chart, chat message, workflow run), and the kind is the id's prefix ({@code task-12}) so one
 * source pattern per kind can tell them apart. Items live in memory and are seeded at start: the
 * demo always starts from a known state, and it needs no schema. All pictures are drawn by the WAR
 * (SVG), so the demo works offline and never points Notion at another host. Edits fire {@link
 * io.previewbridge.demo.control.DemoItemChanged}.
 *
 * <p>Not done here: authentication (the demo product is open to anyone who can reach it), item
 * creation or deletion, persistence across restarts.
 */
package io.previewbridge.demo;
