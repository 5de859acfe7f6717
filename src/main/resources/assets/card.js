/*
 * One renderer for Link Preview cards, used by the simulator's page and its Lab and by the admin
 * console (both WARs serve this file, with card.css): it turns an unfurl response (or a PATCH body,
 * an operations array, or a bare attribute array) into the card Notion lays out, or into the
 * compact "Mention". Sections (Notion's unfurl attribute reference): title, primary, secondary,
 * identifier, entity, avatar, body, background, embed. An error operation renders as Notion's error
 * state with its message. Every value goes in as text (textContent) or as a URL attribute, never as
 * markup, so an attribute cannot inject HTML into the page.
 */
(function (global) {
  'use strict';

  /** {attributes: [...], error: {status, message} | null} from a body or an attribute array. */
  function fromBody(body) {
    // an operations array on its own (what PreviewBridge stores per preview) reads like a body
    if (Array.isArray(body) && body.length && body[0] && Array.isArray(body[0].path)) {
      body = { operations: body };
    }
    if (Array.isArray(body)) return { attributes: body, error: null };
    var model = { attributes: [], error: null };
    if (!body || !Array.isArray(body.operations)) return model;
    body.operations.forEach(function (op) {
      if (!op || !Array.isArray(op.path)) return;
      if (op.path[0] === 'attributes' && Array.isArray(op.set)) model.attributes = op.set;
      if (op.path[0] === 'error' && op.set && typeof op.set === 'object') model.error = op.set;
    });
    return model;
  }

  /** Attribute id -> attribute; a later attribute with the same id wins (Notion's rule). */
  function byId(attributes) {
    var seen = {};
    var order = [];
    (attributes || []).forEach(function (a) {
      if (!a || typeof a !== 'object' || typeof a.id !== 'string') return;
      if (!(a.id in seen)) order.push(a.id);
      seen[a.id] = a;
    });
    return order.map(function (id) { return seen[id]; });
  }

  /** {section, kind, value, color, src} of one attribute, or null when it is unreadable. */
  function describe(a) {
    var container = a.inline || a.embed || a.relation;
    if (!container || typeof container !== 'object') return null;
    if (a.relation) {
      var m = a.relation.mention || {};
      return { id: a.id, name: a.name, section: m.section || 'primary', kind: 'relation', value: String(a.relation.uri || '') };
    }
    var keys = Object.keys(container).filter(function (k) { return k !== 'src_url'; });
    if (keys.length !== 1) return null;
    var kind = keys[0];
    var detail = container[kind] || {};
    return {
      id: a.id, name: a.name, section: detail.section, kind: kind,
      embed: !!a.embed, value: detail.value, color: detail.color, src: container.src_url
    };
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function rgb(c, alpha) {
    if (!c || typeof c !== 'object') return null;
    var r = +c.r, g = +c.g, b = +c.b;
    if ([r, g, b].some(function (v) { return isNaN(v); })) return null;
    return alpha === undefined ? 'rgb(' + r + ',' + g + ',' + b + ')' : 'rgba(' + r + ',' + g + ',' + b + ',' + alpha + ')';
  }

  function safeUrl(src) {
    return typeof src === 'string' && /^https?:\/\//i.test(src) ? src : null;
  }

  function formatDate(kind, value) {
    if (typeof value !== 'string') return '';
    var date = new Date(kind === 'date' ? value + 'T00:00:00' : value);
    if (isNaN(date.getTime())) return value;
    var options = { year: 'numeric', month: 'short', day: 'numeric' };
    if (kind === 'datetime') { options.hour = '2-digit'; options.minute = '2-digit'; }
    return date.toLocaleString('en-US', options);
  }

  /** The text-ish rendering of an inline value (enum pill, date, plain text). */
  function inlineValue(d) {
    if (d.kind === 'enum') {
      var pill = el('span', 'pb-pill', String(d.value));
      var bg = rgb(d.color, 0.18), fg = rgb(d.color);
      if (bg) { pill.style.background = bg; pill.style.color = fg; }
      return pill;
    }
    if (d.kind === 'date' || d.kind === 'datetime') return el('span', 'pb-date', formatDate(d.kind, d.value));
    if (d.kind === 'image' && safeUrl(d.src)) {
      var img = el('img', 'pb-inline-img'); img.src = d.src; img.alt = d.name || ''; return img;
    }
    return el('span', 'pb-text', d.value === undefined ? '' : String(d.value));
  }

  function tagged(node, d) {
    node.setAttribute('data-attr', d.id);
    if (d.name) node.title = d.name;
    return node;
  }

  /** The picture of the entity section: an image or a coloured square. */
  function entity(d) {
    if (!d) return null;
    if (d.kind === 'image' && safeUrl(d.src)) {
      var img = tagged(el('img', 'pb-entity'), d); img.src = d.src; img.alt = ''; return img;
    }
    var square = tagged(el('span', 'pb-entity pb-entity-color'), d);
    square.style.background = rgb(d.value) || '#e3e2e0';
    return square;
  }

  function embedArea(d) {
    var src = safeUrl(d.src);
    var box = tagged(el('div', 'pb-embed pb-embed-' + d.kind), d);
    if (!src) { box.appendChild(el('span', 'pb-muted', 'Embed with an unusable src_url')); return box; }
    var media;
    if (d.kind === 'image') { media = el('img'); media.alt = d.name || ''; }
    else if (d.kind === 'video') { media = el('video'); media.controls = true; media.preload = 'metadata'; }
    else if (d.kind === 'audio') { media = el('audio'); media.controls = true; media.preload = 'none'; }
    else { media = el('iframe'); media.setAttribute('sandbox', 'allow-scripts allow-same-origin'); media.loading = 'lazy'; media.title = d.name || d.kind; }
    media.src = src;
    box.appendChild(media);
    return box;
  }

  function initials(text) {
    return String(text || '?').split(/\s+/).filter(Boolean).slice(0, 2).map(function (w) { return w[0]; }).join('').toUpperCase();
  }

  function avatar(d) {
    if (d.kind === 'image' && safeUrl(d.src)) {
      var img = tagged(el('img', 'pb-avatar'), d); img.src = d.src; img.alt = d.name || ''; return img;
    }
    var wrap = tagged(el('span', 'pb-avatar-text'), d);
    wrap.appendChild(el('span', 'pb-avatar pb-avatar-initials', initials(d.value)));
    wrap.appendChild(el('span', 'pb-avatar-name', String(d.value || '')));
    return wrap;
  }

  function sectionsOf(model) {
    var sections = {};
    byId(model.attributes).forEach(function (a) {
      var d = describe(a);
      if (!d || !d.section) return;
      (sections[d.section] = sections[d.section] || []).push(d);
    });
    return sections;
  }

  function titleText(sections, fallback) {
    var t = (sections.title || [])[0];
    return t && t.value !== undefined ? String(t.value) : (fallback || 'Untitled');
  }

  /** The full card. options: {uri, placeholder: bool, fallbackTitle}. */
  function card(model, options) {
    options = options || {};
    var s = sectionsOf(model);
    var root = el('div', 'pb-card');
    root.setAttribute('data-form', 'card');
    if (options.placeholder) root.classList.add('pb-placeholder');
    var bg = (s.background || [])[0];
    if (bg && rgb(bg.value)) {
      root.style.background = rgb(bg.value, 0.14);
      root.style.borderColor = rgb(bg.value, 0.45);
      root.setAttribute('data-background', rgb(bg.value));
    }

    var main = el('div', 'pb-main');
    var head = el('div', 'pb-head');
    var ent = entity((s.entity || [])[0]);
    if (ent) head.appendChild(ent);
    var title = el('div', 'pb-title', titleText(s, options.fallbackTitle));
    if ((s.title || [])[0]) tagged(title, s.title[0]);
    head.appendChild(title);
    main.appendChild(head);

    ['primary', 'secondary'].forEach(function (name) {
      if (!s[name]) return;
      var line = el('div', 'pb-' + name);
      s[name].forEach(function (d, i) {
        if (i > 0) line.appendChild(el('span', 'pb-dot', '·'));
        line.appendChild(tagged(inlineValue(d), d));
      });
      main.appendChild(line);
    });

    (s.body || []).forEach(function (d) {
      main.appendChild(tagged(el('div', 'pb-body', String(d.value === undefined ? '' : d.value)), d));
    });

    if (model.error) {
      var error = el('div', 'pb-error');
      error.setAttribute('role', 'alert');
      error.appendChild(el('span', 'pb-error-icon', '!'));
      var text = el('span', 'pb-error-text');
      text.appendChild(el('strong', null, 'Could not load preview'));
      text.appendChild(el('span', 'pb-error-message',
        (model.error.status ? model.error.status + ' · ' : '') + String(model.error.message || '')));
      error.appendChild(text);
      main.appendChild(error);
      root.classList.add('pb-has-error');
    }

    if (s.avatar || s.identifier) {
      var foot = el('div', 'pb-foot');
      (s.avatar || []).forEach(function (d) { foot.appendChild(avatar(d)); });
      (s.identifier || []).forEach(function (d) {
        var id = d.kind === 'image' ? inlineValue(d) : el('span', 'pb-text', String(d.value || ''));
        foot.appendChild(tagged(el('span', 'pb-identifier'), d)).appendChild(id);
      });
      main.appendChild(foot);
    }
    root.appendChild(main);
    (s.embed || []).forEach(function (d) { root.appendChild(embedArea(d)); });
    if (safeUrl(options.uri)) {
      var link = el('a', 'pb-link', options.uri.replace(/^https?:\/\//, ''));
      link.href = options.uri; link.target = '_blank'; link.rel = 'noopener';
      root.appendChild(link);
    }
    return root;
  }

  /** The compact "Mention": entity picture, title, identifier, in one line of text. */
  function mention(model, options) {
    options = options || {};
    var s = sectionsOf(model);
    var root = el('span', 'pb-mention');
    root.setAttribute('data-form', 'mention');
    if (options.placeholder) root.classList.add('pb-placeholder');
    var ent = entity((s.entity || [])[0]);
    if (ent) root.appendChild(ent);
    var id = (s.identifier || [])[0];
    if (id && id.kind !== 'image') root.appendChild(tagged(el('span', 'pb-mention-id', String(id.value || '')), id));
    var title = el('span', 'pb-title', titleText(s, options.fallbackTitle));
    if ((s.title || [])[0]) tagged(title, s.title[0]);
    root.appendChild(title);
    if (model.error) {
      var e = el('span', 'pb-error pb-mention-error', String(model.error.message || 'Error'));
      e.setAttribute('role', 'alert');
      root.appendChild(e);
    }
    return root;
  }

  /** Renders body (unfurl response, PATCH body or attribute array) in the chosen form. */
  function render(body, options) {
    options = options || {};
    var model = fromBody(body);
    return options.mention ? mention(model, options) : card(model, options);
  }

  global.PreviewCard = { fromBody: fromBody, render: render, card: card, mention: mention };
})(window);
