/*
 * The simulator's page: paste a link -> placeholder card at once -> (first time) the authorization
 * trip -> the real card from PreviewBridge's unfurl answer; live updates from the server-sent events
 * of /simulator/api/events (every PATCH Notion receives), with a polling fallback; remove a card
 * (DELETE /notion/unfurl) and disconnect (deleted-token callback); the Lab; the integration
 * settings; the Notion API's fault controls. Cards are rendered by card.js (PreviewCard).
 */
(function () {
  'use strict';
  var self = document.body.getAttribute('data-self');
  var $ = function (id) { return document.getElementById(id); };
  var cards = {}; // uri -> {body, placeholder, mention, state, node}
  var state = null;

  function api(method, path, body) {
    var init = { method: method, headers: { 'Accept': 'application/json' } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
    }
    return fetch(self + path, init).then(function (r) {
      return r.text().then(function (t) {
        var json = null;
        try { json = t ? JSON.parse(t) : null; } catch (e) { json = { detail: t }; }
        return { status: r.status, ok: r.ok, json: json };
      });
    });
  }

  function text(tag, cls, value) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (value !== undefined) node.textContent = value;
    return node;
  }

  // ---------------------------------------------------------------- tabs
  function showTab() {
    var tab = (location.hash || '#page').substring(1);
    if (!$('tab-' + tab)) tab = 'page';
    document.querySelectorAll('[data-panel]').forEach(function (p) { p.hidden = p.getAttribute('data-panel') !== tab; });
    document.querySelectorAll('.nt-nav').forEach(function (a) { a.classList.toggle('nt-active', a.getAttribute('data-tab') === tab); });
    $('crumb').textContent = document.querySelector('.nt-nav[data-tab="' + tab + '"]').textContent.trim();
  }
  window.addEventListener('hashchange', showTab);

  // ---------------------------------------------------------------- cards
  function cardFor(uri) {
    if (!cards[uri]) {
      var node = text('div', 'nt-block');
      node.setAttribute('data-uri', uri);
      $('cards').appendChild(node);
      cards[uri] = { node: node, mention: false, state: 'placeholder' };
    }
    return cards[uri];
  }

  function draw(uri) {
    var c = cards[uri];
    var node = c.node;
    node.textContent = '';
    node.setAttribute('data-state', c.state);
    var shown = c.body || c.placeholder || [];
    var preview = PreviewCard.render(shown, {
      mention: c.mention, uri: uri, placeholder: !c.body, fallbackTitle: uri
    });
    var holder = text('div', 'nt-block-body');
    if (c.mention) {
      var line = text('p', 'nt-p0 nt-mention-line');
      line.appendChild(document.createTextNode('See '));
      line.appendChild(preview);
      line.appendChild(document.createTextNode(' for the details.'));
      holder.appendChild(line);
    } else {
      holder.appendChild(preview);
    }
    node.appendChild(holder);

    var bar = text('div', 'nt-block-bar');
    var status = text('span', 'nt-block-status', c.note || '');
    bar.appendChild(status);
    if (c.state === 'connect') {
      var connect = text('a', 'nt-btn nt-connect-card', 'Connect to see the preview');
      connect.href = state ? state.connectUrl : self + 'connect';
      bar.appendChild(connect);
    }
    var toggle = text('button', 'nt-chip nt-toggle-mention', c.mention ? 'Show as card' : 'Show as mention');
    toggle.type = 'button';
    toggle.addEventListener('click', function () { c.mention = !c.mention; draw(uri); });
    var remove = text('button', 'nt-chip nt-remove', 'Remove');
    remove.type = 'button';
    remove.addEventListener('click', function () { removeCard(uri); });
    bar.appendChild(toggle);
    bar.appendChild(remove);
    node.appendChild(bar);
  }

  function paste(url) {
    return api('POST', 'api/page/paste', { url: url }).then(function (r) {
      if (!r.ok) { toast(r.json && r.json.detail || 'Could not paste that link.', true); return; }
      var a = r.json;
      if (!a.matched) { toast('No URL pattern of the integration matches ' + a.uri + ': Notion keeps it as a plain link.', true); return; }
      var c = cardFor(a.uri);
      c.placeholder = a.placeholder;
      c.body = null;
      c.state = a.connected ? 'loading' : 'connect';
      c.note = 'Placeholder · rule ' + a.ruleName + (a.connected ? ' · asking PreviewBridge…' : '');
      draw(a.uri);
      if (a.connected) return unfurl(a.uri);
    });
  }

  function unfurl(uri) {
    return api('POST', 'api/page/unfurl', { url: uri }).then(function (r) {
      var c = cardFor(uri);
      if (r.ok && r.json.status === 200 && r.json.body && typeof r.json.body === 'object') {
        c.body = r.json.body;
        var err = PreviewCard.fromBody(c.body).error;
        c.state = err ? 'error' : 'ready';
        c.note = 'Unfurled · POST /notion/unfurl → 200';
      } else {
        c.state = 'failed';
        c.note = 'POST /notion/unfurl → ' + (r.json && r.json.status !== undefined ? r.json.status : r.status) + ' (Notion keeps the placeholder)';
      }
      draw(uri);
      refreshState();
    });
  }

  function removeCard(uri) {
    return api('POST', 'api/page/remove', { url: uri }).then(function (r) {
      var c = cards[uri];
      if (c) { c.node.remove(); delete cards[uri]; }
      var status = r.json ? r.json.status : r.status;
      toast('Removed the preview of ' + uri + ': DELETE /notion/unfurl → ' + (status === 0 ? 'not sent (' + r.json.body + ')' : status) + '.', status !== 200 && status !== 204);
      refreshState();
    });
  }

  function applyPatch(patch) {
    if (!patch || !patch.uri || !cards[patch.uri]) return;
    var c = cards[patch.uri];
    if (!patch.accepted) {
      c.note = 'A PATCH was refused (' + patch.status + '): ' + (patch.message || '');
      draw(patch.uri);
      return;
    }
    c.body = patch.body;
    c.state = PreviewCard.fromBody(c.body).error ? 'error' : 'ready';
    c.note = 'Updated live by PATCH /v1/external/object at ' + new Date(patch.receivedAt).toLocaleTimeString();
    c.updates = (c.updates || 0) + 1;
    c.node.setAttribute('data-updates', c.updates);
    draw(patch.uri);
    c.node.classList.remove('nt-flash');
    void c.node.offsetWidth;
    c.node.classList.add('nt-flash');
  }

  // ---------------------------------------------------------------- state
  function refreshState() {
    return api('GET', 'api/page/state').then(function (r) {
      if (!r.ok) return;
      state = r.json;
      renderState();
      return state;
    });
  }

  function renderState() {
    var conn = $('connection');
    conn.textContent = state.connected ? '● Connected to PreviewBridge' : '○ Not connected';
    conn.setAttribute('data-connected', state.connected);
    $('connection-text').textContent = state.connected
      ? 'Connected: Notion holds an access token from PreviewBridge' + (state.refreshAt ? ' (refreshed with the refresh token after ' + new Date(state.refreshAt).toLocaleTimeString() + ')' : '') + '.'
      : 'Not connected. The first pasted link that matches a pattern takes you through PreviewBridge\'s sign-in and consent (demo / demo).';
    $('connect').hidden = state.connected;
    $('disconnect').hidden = !state.connected;

    var log = $('activity');
    log.textContent = '';
    if (!state.activity.length) log.appendChild(text('li', 'nt-muted', 'Nothing yet.'));
    state.activity.forEach(function (a) {
      var li = text('li', a.ok ? 'ok' : 'bad');
      li.appendChild(text('span', 'nt-time', a.at.substring(11, 19)));
      li.appendChild(text('span', 'nt-what', a.what));
      li.appendChild(text('span', 'nt-status', a.status === 0 ? 'unreachable' : String(a.status)));
      log.appendChild(li);
    });

    var s = state.settings;
    $('settings-origin').textContent = s.origin + (s.problem ? ' — ' + s.problem : '');
    var rules = $('rules');
    rules.textContent = '';
    var samples = $('samples');
    samples.textContent = '';
    s.rules.forEach(function (rule) {
      var tr = document.createElement('tr');
      tr.appendChild(text('td', null, rule.ruleName));
      tr.appendChild(text('td', 'nt-mono', rule.pattern));
      tr.appendChild(text('td', 'nt-mono', (rule.sampleUrls || []).join('\n')));
      rules.appendChild(tr);
      (rule.sampleUrls || []).slice(0, 1).forEach(function (u) {
        var b = text('button', 'nt-chip nt-sample', rule.ruleName);
        b.type = 'button';
        b.title = u;
        b.addEventListener('click', function () { $('url').value = u; });
        samples.appendChild(b);
      });
    });
    if (s.rules.length) samples.insertBefore(text('span', 'nt-muted', 'Samples: '), samples.firstChild);
    if (s.document && !$('settings-input').dataset.touched) {
      $('settings-input').value = JSON.stringify(s.document, null, 2);
    }
    var f = state.fault;
    $('fault-state').textContent = f && f.status ? 'Planned: the next ' + f.remaining + ' request(s) to ' + f.endpoint + ' answer ' + f.status + '.' : 'No fault planned: the simulated API answers normally.';
  }

  function initialCards() {
    state.cards.forEach(function (card) {
      var c = cardFor(card.uri);
      c.placeholder = card.placeholder;
      c.body = card.body || null;
      c.state = c.body ? (PreviewCard.fromBody(c.body).error ? 'error' : 'ready') : 'placeholder';
      c.note = c.body ? 'As Notion holds it' : 'Placeholder';
      draw(card.uri);
    });
    if (state.pending && state.connected) {
      var c = cardFor(state.pending);
      c.state = 'loading';
      c.note = 'Connected · asking PreviewBridge…';
      draw(state.pending);
      unfurl(state.pending);
    } else if (state.pending) {
      var p = cardFor(state.pending);
      p.state = 'connect';
      draw(state.pending);
    }
  }

  // ---------------------------------------------------------------- live updates
  var polling = null;
  function listen() {
    if (!window.EventSource) { poll(); return; }
    var events = new EventSource(self + 'api/events');
    events.addEventListener('ready', function () { document.body.setAttribute('data-live', 'sse'); });
    events.addEventListener('patch', function (e) {
      var patch = JSON.parse(e.data);
      applyPatch(patch);
      addPatchRow(patch, true);
    });
    events.onerror = function () {
      if (events.readyState === EventSource.CLOSED) { poll(); }
    };
  }

  var lastSeen = null;
  function poll() {
    if (polling) return;
    document.body.setAttribute('data-live', 'poll');
    polling = setInterval(function () {
      api('GET', 'api/patches').then(function (r) {
        if (!r.ok) return;
        var fresh = [];
        for (var i = 0; i < r.json.patches.length; i++) {
          if (r.json.patches[i].receivedAt === lastSeen) break;
          fresh.push(r.json.patches[i]);
        }
        if (r.json.patches.length) lastSeen = r.json.patches[0].receivedAt;
        fresh.reverse().forEach(function (p) { applyPatch(p); addPatchRow(p, true); });
      });
    }, 2000);
  }

  function addPatchRow(p, first) {
    var list = $('patches');
    var empty = list.querySelector('.nt-muted');
    if (empty) empty.remove();
    var li = text('li', p.accepted ? 'ok' : 'bad');
    var details = document.createElement('details');
    var summary = text('summary');
    summary.appendChild(text('span', 'nt-time', String(p.receivedAt).substring(11, 19)));
    summary.appendChild(text('span', 'nt-status', String(p.status)));
    summary.appendChild(text('span', 'nt-what', (p.uri || '(no uri)') + (p.message ? ' — ' + p.message : '')));
    details.appendChild(summary);
    details.appendChild(text('pre', 'nt-json', JSON.stringify(p.body, null, 2)));
    li.appendChild(details);
    if (first) list.insertBefore(li, list.firstChild); else list.appendChild(li);
    while (list.children.length > 30) list.lastChild.remove();
  }

  function loadPatches() {
    return api('GET', 'api/patches').then(function (r) {
      if (!r.ok) return;
      $('patches').textContent = '';
      if (!r.json.patches.length) $('patches').appendChild(text('li', 'nt-muted', 'None yet.'));
      r.json.patches.slice(0, 30).forEach(function (p) { addPatchRow(p, false); });
      if (r.json.patches.length) lastSeen = r.json.patches[0].receivedAt;
    });
  }

  // ---------------------------------------------------------------- toast
  function toast(message, bad) {
    var t = $('message');
    if (!t) {
      t = text('p', 'nt-toast');
      t.id = 'message';
      t.setAttribute('role', 'status');
      document.querySelector('.nt-top').after(t);
    }
    t.textContent = message;
    t.classList.toggle('nt-toast-bad', !!bad);
  }

  // ---------------------------------------------------------------- lab
  var LAB_EXAMPLE = [
    { id: 'title', name: 'Title', type: 'inline', inline: { title: { value: 'Login fails on Safari', section: 'title' } } },
    { id: 'dev', name: 'Developer Name', type: 'inline', inline: { plain_text: { value: 'Example Co', section: 'secondary' } } },
    { id: 'state', name: 'Status', type: 'inline', inline: { enum: { value: 'In review', color: { r: 90, g: 90, b: 200 }, section: 'primary' } } },
    { id: 'due', name: 'Due', type: 'inline', inline: { date: { value: '2024-05-02', section: 'secondary' } } },
    { id: 'key', name: 'Key', type: 'inline', inline: { plain_text: { value: 'EX-4821', section: 'identifier' } } },
    { id: 'who', name: 'Assignee', type: 'embed', embed: { src_url: document.body.getAttribute('data-previewbridge') + 'demo/images/avatars/ana-lima.svg', image: { section: 'avatar' } } },
    { id: 'mark', name: 'Kind', type: 'inline', inline: { color: { value: { r: 235, g: 87, b: 87 }, section: 'entity' } } },
    { id: 'text', name: 'Description', type: 'inline', inline: { plain_text: { value: 'Users on Safari 17 see a blank page after signing in.\nReproduced on macOS 14.', section: 'body' } } }
  ];
  var LAB_ERROR = { uri: 'https://svc.example/tickets/4821', operations: [{ path: ['error'], set: { status: 404, message: 'Ticket not found' } }] };

  function labValidate() {
    try { $('lab-input').value = JSON.stringify(JSON.parse($('lab-input').value), null, 2); } catch (notJson) { /* the validator says why */ }
    return api('POST', 'api/lab/validate', $('lab-input').value).then(function (r) {
      var verdict = $('lab-verdict');
      var problems = $('lab-problems');
      problems.textContent = '';
      $('lab-card').textContent = '';
      $('lab-mention').textContent = '';
      if (!r.ok) {
        verdict.className = 'lab-verdict lab-bad';
        verdict.textContent = (r.json && r.json.detail) || ('The validator answered ' + r.status);
        return;
      }
      var v = r.json;
      verdict.className = 'lab-verdict ' + (v.valid ? 'lab-good' : 'lab-bad');
      verdict.textContent = v.valid
        ? '✓ Valid ' + (v.kind === 'attributes' ? 'attribute array' : 'unfurl response') + ': Notion would accept it.'
        : '✗ ' + v.problems.length + ' problem' + (v.problems.length === 1 ? '' : 's') + ': Notion would refuse it.';
      v.problems.forEach(function (p) { problems.appendChild(text('li', null, p)); });
      $('lab-card').appendChild(PreviewCard.render(v.body, { uri: v.kind === 'response' ? v.body.uri : null }));
      var m = $('lab-mention');
      m.appendChild(document.createTextNode('As a mention: '));
      m.appendChild(PreviewCard.render(v.body, { mention: true }));
    });
  }

  // ---------------------------------------------------------------- wiring
  $('paste').addEventListener('submit', function (e) {
    e.preventDefault();
    var url = $('url').value.trim();
    if (url) paste(url).then(function () { $('url').value = ''; });
  });
  $('disconnect').addEventListener('click', function () {
    api('POST', 'api/page/disconnect').then(function (r) {
      var s = r.json ? r.json.status : r.status;
      toast('Disconnected: DELETE /notion/deleted (the deleted-token callback) → ' + (s === 0 ? 'not sent' : s) + '; Notion forgot its tokens.', s !== 200);
      refreshState();
    });
  });
  $('lab-validate').addEventListener('click', labValidate);
  $('lab-example').addEventListener('click', function () { $('lab-input').value = JSON.stringify(LAB_EXAMPLE, null, 2); labValidate(); });
  $('lab-error-example').addEventListener('click', function () { $('lab-input').value = JSON.stringify(LAB_ERROR, null, 2); labValidate(); });
  $('settings-input').addEventListener('input', function () { this.dataset.touched = 'yes'; });
  $('settings-save').addEventListener('click', function () {
    api('PUT', 'api/settings', $('settings-input').value).then(function (r) {
      $('settings-result').textContent = r.ok ? 'Saved: ' + r.json.rules.length + ' rule(s).' : (r.json && r.json.detail) || 'Refused.';
      delete $('settings-input').dataset.touched;
      refreshState();
    });
  });
  $('settings-refetch').addEventListener('click', function () {
    api('DELETE', 'api/settings').then(function () {
      delete $('settings-input').dataset.touched;
      return refreshState();
    }).then(function () { $('settings-result').textContent = 'Source: ' + state.settings.origin; });
  });
  $('fault').addEventListener('submit', function (e) {
    e.preventDefault();
    api('POST', 'api/faults', {
      status: +$('fault-status').value, count: +$('fault-count').value,
      retryAfter: +$('fault-retry').value, endpoint: $('fault-endpoint').value
    }).then(function (r) {
      if (!r.ok) $('fault-state').textContent = (r.json && r.json.detail) || 'Refused.';
      else refreshState();
    });
  });
  $('fault-clear').addEventListener('click', function () { api('DELETE', 'api/faults').then(refreshState); });

  showTab();
  $('lab-input').value = JSON.stringify(LAB_EXAMPLE, null, 2);
  listen();
  loadPatches();
  refreshState().then(function () {
    if (state) initialCards();
    document.body.setAttribute('data-ready', 'true');
  });
})();
