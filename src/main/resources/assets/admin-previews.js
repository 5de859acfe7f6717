// Tracked preview detail: reads the preview through the admin API and renders what Notion was
// last given with the shared card renderer (NotionCard.render). Buttons are admin.js's.
"use strict";

document.addEventListener("DOMContentLoaded", async () => {
  const detail = document.getElementById("preview");
  if (!detail) return;
  const slot = document.getElementById("card-slot");
  try {
    const preview = await Admin.api("GET", `previews/${detail.dataset.id}`);
    slot.replaceChildren();
    if (preview.attributes) {
      slot.appendChild(NotionCard.render(preview.attributes));
      document.getElementById("attributes-json").textContent =
        JSON.stringify(preview.attributes, null, 2);
    } else {
      slot.innerHTML = "<p class=\"empty\">Nothing has been given to Notion yet.</p>";
    }
  } catch (e) {
    Admin.flash(e.message, true);
  }
});
