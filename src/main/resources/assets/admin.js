// The admin console's little JavaScript: every action goes through the JSON admin API
// (/api/admin/...), with the session's CSRF token in X-CSRF-Token, and problems shown as the
// API words them. Pages add their own behaviour with data-* attributes or their own script.
"use strict";

const Admin = (() => {
  const meta = (name) => document.querySelector(`meta[name="${name}"]`)?.content ?? "";
  const root = () => meta("root") || "/";

  /** Calls the admin API; resolves with the parsed JSON (or null), rejects with an Error whose
   * message is the problem's detail. */
  async function api(method, path, body) {
    const headers = { Accept: "application/json" };
    if (method !== "GET") headers["X-CSRF-Token"] = meta("csrf-token");
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(root() + "api/admin/" + path.replace(/^\//, ""), {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
    if (!response.ok) {
      const detail = json?.detail || json?.title || `${response.status} ${response.statusText}`;
      const problems = (json?.errors || []).map((e) => `${e.field}: ${e.message}`);
      throw new Error([detail, ...problems].join("\n"));
    }
    return json;
  }

  /** Shows a message in the page's status line. */
  function flash(message, isError) {
    const box = document.getElementById("flash");
    if (!box) return;
    box.textContent = message;
    box.classList.toggle("error", !!isError);
    box.hidden = false;
  }

  /**
   * Buttons with data-action="METHOD path" (and optional data-confirm, data-done) call the API
   * and reload the page on success, so what the page shows is always what the server has.
   */
  function wireActionButtons() {
    document.querySelectorAll("button[data-action]").forEach((button) => {
      button.addEventListener("click", async () => {
        if (button.dataset.confirm && !window.confirm(button.dataset.confirm)) return;
        const [method, path] = button.dataset.action.split(" ");
        button.disabled = true;
        try {
          await api(method, path);
          sessionStorage.setItem("admin-flash", button.dataset.done || "Done.");
          window.location.reload();
        } catch (e) {
          flash(e.message, true);
          button.disabled = false;
        }
      });
    });
    const pending = sessionStorage.getItem("admin-flash");
    if (pending) {
      sessionStorage.removeItem("admin-flash");
      flash(pending, false);
    }
  }

  document.addEventListener("DOMContentLoaded", wireActionButtons);
  return { api, flash, root };
})();
