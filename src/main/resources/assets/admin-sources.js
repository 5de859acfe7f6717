// Sources page: "try a URL" and "check a sources file", both through the admin API; the tried
// preview is rendered with the shared card renderer (PreviewCard.render).
"use strict";

document.addEventListener("DOMContentLoaded", async () => {
  const select = document.getElementById("try-account");
  try {
    const accounts = await Admin.api("GET", "accounts");
    const me = select.dataset.me;
    for (const account of accounts.items) {
      if (account.username === me || !account.enabled) continue;
      const option = document.createElement("option");
      option.value = account.username;
      option.textContent = account.username;
      select.appendChild(option);
    }
  } catch (e) {
    // the signed-in admin stays the only choice
  }

  const tryForm = document.getElementById("try-url");
  tryForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = new FormData(tryForm);
    try {
      const tried = await Admin.api("POST", "sources/try",
        { url: form.get("url"), account: form.get("account") });
      const summary = tried.matched
        ? `Source ${tried.source} (${tried.kind}), as ${tried.account}: ` +
          (tried.result === "attributes" ? "attributes" : `error ${tried.status}: ${tried.message}`)
        : `No source matches this link: Notion would show "${tried.message}".`;
      document.getElementById("try-summary").textContent = summary;
      const card = document.getElementById("try-card");
      card.replaceChildren(PreviewCard.render(tried.operations));
      document.getElementById("try-json").textContent = JSON.stringify(tried.operations, null, 2);
      document.getElementById("try-result").hidden = false;
    } catch (e) {
      Admin.flash(e.message, true);
    }
  });

  const checkForm = document.getElementById("check-sources");
  checkForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = checkForm.querySelector("textarea").value;
    try {
      const checked = await Admin.api("POST", "sources/check", { sources: text });
      const list = document.getElementById("check-problems");
      list.replaceChildren();
      for (const problem of checked.problems) {
        const item = document.createElement("li");
        const path = document.createElement("code");
        path.textContent = problem.path;
        item.append(path, " ", problem.message);
        list.appendChild(item);
      }
      document.getElementById("check-summary").textContent = checked.valid
        ? `Valid: sources ${checked.sources.join(", ")}.`
        : `${checked.problems.length} problem(s):`;
      document.getElementById("check-result").hidden = false;
    } catch (e) {
      Admin.flash(e.message, true);
    }
  });
});
