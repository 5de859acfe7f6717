// Accounts page: create an account and reset a password through the admin API. A password the
// server generated is shown once, here, and is not kept anywhere.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const shown = document.getElementById("password-shown");
  const showPassword = (username, password) => {
    document.getElementById("password-user").textContent = username;
    document.getElementById("password-value").textContent = password;
    shown.hidden = false;
  };

  const create = document.getElementById("create-account");
  create.addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = new FormData(create);
    const body = {
      username: form.get("username"),
      displayName: form.get("displayName") || null,
      email: form.get("email") || null,
      password: form.get("password") || null,
      roles: form.get("role") === "admin" ? ["user", "admin"] : ["user"],
    };
    try {
      const account = await Admin.api("POST", "accounts", body);
      if (account.generatedPassword) {
        sessionStorage.setItem("admin-flash",
          `Created ${account.username}. Generated password (shown once): ${account.generatedPassword}`);
      } else {
        sessionStorage.setItem("admin-flash", `Created ${account.username}.`);
      }
      window.location.reload();
    } catch (e) {
      Admin.flash(e.message, true);
    }
  });

  const resetForm = document.getElementById("reset-form");
  let resetId = null;
  let resetName = null;
  document.querySelectorAll("button[data-reset]").forEach((button) => {
    button.addEventListener("click", () => {
      resetId = button.dataset.reset;
      resetName = button.dataset.username;
      document.getElementById("reset-user").textContent = `Reset the password of ${resetName}:`;
      resetForm.hidden = false;
      resetForm.querySelector("input[name=password]").focus();
    });
  });
  document.getElementById("reset-cancel").addEventListener("click", () => {
    resetForm.hidden = true;
  });
  resetForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const password = resetForm.querySelector("input[name=password]").value;
    try {
      const account = await Admin.api("POST", `accounts/${resetId}/reset-password`,
        password ? { password } : {});
      resetForm.hidden = true;
      resetForm.reset();
      if (account.generatedPassword) {
        showPassword(account.username, account.generatedPassword);
      }
      Admin.flash(`The password of ${account.username} is reset.`, false);
    } catch (e) {
      Admin.flash(e.message, true);
    }
  });
});
