// Renders a Link Preview the way Notion lays it out, from the JSON Notion receives: an
// operations array ([{"set": {"attributes": [...]}}] or an error operation) or an attribute array.
// Interim version: the admin console depends only on NotionCard.render(value, {mention}) returning
// an element with class "notion-card" whose title is in ".notion-card-title".
"use strict";

const NotionCard = (() => {
  function attributesOf(value) {
    if (Array.isArray(value) && value.length && value[0] && value[0].id !== undefined) {
      return { attributes: value };
    }
    const ops = Array.isArray(value) ? value : value?.operations || [];
    for (const op of ops) {
      if (op.set?.attributes) return { attributes: op.set.attributes };
      if (op.error) return { error: op.error };
    }
    return { attributes: [] };
  }

  function text(attribute) {
    const v = attribute?.value;
    if (!v) return "";
    if (v.title) return v.title;
    if (v.text) return v.text;
    if (v.label) return v.label;
    if (v.datetime) return v.datetime;
    if (v.date) return v.date;
    return typeof v === "string" ? v : "";
  }

  function el(tag, cls, content) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (content !== undefined) node.textContent = content;
    return node;
  }

  function render(value, options = {}) {
    const { attributes, error } = attributesOf(value);
    const card = el("div", "notion-card" + (options.mention ? " mention" : ""));
    if (error) {
      card.classList.add("error");
      card.append(el("div", "notion-card-title", error.message || "Could not load preview"));
      return card;
    }
    const byId = Object.fromEntries(attributes.map((a) => [a.id, a]));
    card.append(el("div", "notion-card-title", text(byId.title) || "Untitled"));
    if (options.mention) return card;
    for (const a of attributes) {
      if (a.id === "title") continue;
      const row = el("div", "notion-card-row");
      row.append(el("span", "notion-card-label", a.name || a.id), el("span", "", text(a)));
      card.append(row);
    }
    return card;
  }

  return { render };
})();
