// Tracked preview detail: reads the preview through the admin API and renders what Notion was
// last given with the shared card renderer (PreviewCard.render). "Refresh now" asks for a check and
// follows it until its result is in; "Stop tracking" is an admin.js action button.
"use strict";

document.addEventListener("DOMContentLoaded", async () => {
  const detail = document.getElementById("preview");
  if (!detail) return;
  const id = detail.dataset.id;
  const slot = document.getElementById("card-slot");
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  function show(preview) {
    document.getElementById("last-checked").textContent = preview.lastCheckedAt || "";
    document.getElementById("last-changed").textContent = preview.lastChangedAt || "";
    document.getElementById("next-check").textContent = preview.nextCheckAt || "";
    document.getElementById("last-error").textContent = preview.lastError || "";
    slot.replaceChildren();
    if (preview.attributes) {
      slot.appendChild(PreviewCard.render(preview.attributes));
      document.getElementById("attributes-json").textContent =
        JSON.stringify(preview.attributes, null, 2);
    } else {
      const empty = document.createElement("p");
      empty.className = "empty";
      empty.textContent = "Nothing has been given to Notion yet.";
      slot.appendChild(empty);
    }
  }

  let current;
  try {
    current = await Admin.api("GET", `previews/${id}`);
    show(current);
  } catch (e) {
    Admin.flash(e.message, true);
  }

  const refresh = document.getElementById("refresh");
  if (!refresh) return;
  refresh.addEventListener("click", async () => {
    refresh.disabled = true;
    const before = current?.lastCheckedAt;
    try {
      await Admin.api("POST", `previews/${id}/refresh`);
    } catch (e) {
      Admin.flash(e.message, true);
      refresh.disabled = false;
      return;
    }
    Admin.flash("The preview is being checked now…", false);
    for (let i = 0; i < 30; i++) {
      await sleep(1000);
      try {
        current = await Admin.api("GET", `previews/${id}`);
      } catch (e) {
        continue;
      }
      if (current.lastCheckedAt !== before) {
        show(current);
        const changed = current.lastChangedAt === current.lastCheckedAt;
        Admin.flash(changed
          ? "Checked now: it changed, and the new state is on its way to Notion."
          : current.lastError
            ? `Checked now: the source had trouble (${current.lastError}); nothing changed.`
            : "Checked now: no change.", false);
        refresh.disabled = false;
        return;
      }
    }
    Admin.flash("The check has not finished yet; reload the page in a moment.", false);
    refresh.disabled = false;
  });
});
