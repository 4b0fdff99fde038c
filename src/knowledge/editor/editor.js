// The knowledge editor: plain browser JavaScript, served as a file (the CSP forbids inline scripts).
// The form edits a copy of the knowledge document; every input is bound to a field path of it,
// so validation problems from the API (field paths) land next to the input they concern.
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
  const LANGUAGES = ['en', 'es', 'fr', 'de', 'it', 'pt', 'ru', 'zh'];
  const ARTICLES = { shipping: 'Shipping', returns: 'Returns', address_changes: 'Address changes', cancellations: 'Cancellations' };
  const KEY_STORAGE = 'wismo-knowledge-admin-key';
  const state = { csrf: '', key: '', doc: null, saved: null, version: 0, policyLang: 'en', previewTimer: null, previewSeq: 0 };

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children) if (c !== null && c !== undefined && c !== false) node.append(c);
    return node;
  }

  // ------------------------------------------------------------------ API

  async function api(method, url, body) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (state.key) {
      headers.Authorization = `Bearer ${state.key}`;
      headers['X-Wismo-Client'] = 'knowledge-editor';
    } else if (method !== 'GET') {
      headers['X-CSRF-Token'] = state.csrf;
    }
    const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
    const data = await res.json().catch(() => ({}));
    if (res.status === 401 && url !== '/api/v1/agents/login') {
      showLogin('Your session ended: log in again.');
      throw Object.assign(new Error('not logged in'), { status: 401 });
    }
    if (!res.ok) throw Object.assign(new Error(data.message || `Request failed (${res.status})`), { status: res.status, problems: data.problems });
    return data;
  }

  // ------------------------------------------------------------------ login

  function showLogin(message) {
    $('app').hidden = true;
    $('login').hidden = false;
    $('login-error').textContent = message || '';
  }

  async function start() {
    state.key = sessionStorage.getItem(KEY_STORAGE) || '';
    if (state.key) return enter('admin key');
    const me = await fetch('/api/v1/agents/me', { credentials: 'same-origin' }).catch(() => null);
    if (!me || !me.ok) return showLogin();
    const data = await me.json();
    if (data.role !== 'admin') return showLogin('Only admins may edit the knowledge.');
    state.csrf = data.csrfToken || '';
    enter(data.agent ? data.agent.email : 'admin');
  }

  async function enter(who) {
    try {
      await loadDocument();
    } catch (err) {
      if (state.key) sessionStorage.removeItem(KEY_STORAGE);
      state.key = '';
      return showLogin(err.status === 403 ? 'Only admins may edit the knowledge.' : err.message);
    }
    $('login').hidden = true;
    $('app').hidden = false;
    $('me').textContent = who;
    loadVersions();
    runPreview();
  }

  $('login-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const data = await api('POST', '/api/v1/agents/login', { email: $('login-email').value, password: $('login-password').value });
      if (data.agent.role !== 'admin') return showLogin('Only admins may edit the knowledge.');
      state.csrf = data.csrfToken;
      state.key = '';
      enter(data.agent.email);
    } catch (err) {
      $('login-error').textContent = err.message;
    }
  });

  $('key-form').addEventListener('submit', (e) => {
    e.preventDefault();
    state.key = $('login-key').value.trim();
    // Kept for this tab only: closing it forgets the key.
    sessionStorage.setItem(KEY_STORAGE, state.key);
    enter('admin key');
  });

  $('logout').addEventListener('click', async () => {
    if (state.key) sessionStorage.removeItem(KEY_STORAGE);
    else await api('POST', '/api/v1/agents/logout').catch(() => undefined);
    state.key = '';
    state.csrf = '';
    showLogin();
  });

  // ------------------------------------------------------------------ the document

  async function loadDocument() {
    const data = await api('GET', '/api/v1/knowledge');
    state.doc = data.document;
    state.saved = JSON.stringify(data.document);
    state.version = data.version;
    $('in-force').textContent = `version ${data.version} in force (${data.source}, ${data.author})`;
    render();
    clearProblems();
  }

  const pathOf = (parts) => parts.join('.');
  /** "calendar.holidays[2].date" (API) -> "calendar.holidays.2.date" (data-path). */
  const normalPath = (p) => p.replace(/\[(\d+)\]/g, '.$1');

  function getAt(parts) {
    return parts.reduce((o, k) => (o === undefined || o === null ? undefined : o[k]), state.doc);
  }
  function setAt(parts, value) {
    const parent = getAt(parts.slice(0, -1));
    const last = parts[parts.length - 1];
    if (value === undefined) delete parent[last];
    else parent[last] = value;
  }

  function changed() {
    const dirty = JSON.stringify(state.doc) !== state.saved;
    $('save-status').textContent = dirty ? 'Unsaved changes' : '';
    clearTimeout(state.previewTimer);
    state.previewTimer = setTimeout(runPreview, 400);
  }

  // ------------------------------------------------------------------ form controls

  /** An input bound to a field path. kind: text, number, list (comma separated), date, time, check, textarea, select. */
  function field(label, parts, kind, opts = {}) {
    const path = pathOf(parts);
    const value = getAt(parts);
    const common = { 'data-path': path, 'aria-label': opts.aria || label };
    let input;
    if (kind === 'textarea') input = el('textarea', { ...common, rows: opts.rows || 5 });
    else if (kind === 'select') input = el('select', common, ...opts.choices.map(([v, t]) => el('option', { value: v, text: t })));
    else if (kind === 'check') input = el('input', { ...common, type: 'checkbox' });
    else input = el('input', { ...common, type: kind === 'list' ? 'text' : kind, step: kind === 'number' ? opts.step || '1' : undefined, min: kind === 'number' ? '0' : undefined, class: opts.size, placeholder: opts.placeholder });
    if (kind === 'check') input.checked = value === true;
    else if (kind === 'list') input.value = Array.isArray(value) ? value.join(', ') : value ?? '';
    else input.value = value ?? '';
    input.addEventListener(kind === 'check' || kind === 'select' ? 'change' : 'input', () => {
      setAt(parts, readInput(input, kind, opts.optional));
      changed();
    });
    const wrap = el('label', { class: kind === 'check' ? 'check' : undefined }, kind === 'check' ? input : label, kind === 'check' ? label : input, el('small', { class: 'field-error', 'data-error-for': path }));
    return wrap;
  }

  function readInput(input, kind, optional) {
    const raw = input.value.trim();
    if (kind === 'check') return input.checked;
    if (raw === '') return optional ? undefined : kind === 'number' ? null : '';
    if (kind === 'number') return Number(raw);
    if (kind === 'list') return raw.split(',').map((s) => s.trim()).filter(Boolean);
    return kind === 'textarea' ? input.value : raw;
  }

  /** Checkboxes for a set of weekdays. */
  function weekdays(label, parts) {
    const path = pathOf(parts);
    const box = el('div', { class: 'weekdays', 'data-path': path, role: 'group', 'aria-label': label });
    for (const day of WEEKDAYS) {
      const input = el('input', { type: 'checkbox', value: day, 'aria-label': `${label}: ${day}` });
      input.checked = (getAt(parts) || []).includes(day);
      input.addEventListener('change', () => {
        setAt(parts, WEEKDAYS.filter((d) => box.querySelector(`input[value="${d}"]`).checked));
        changed();
      });
      box.append(el('label', { class: 'check' }, input, day));
    }
    return el('div', {}, el('h3', { text: label }), box, el('small', { class: 'field-error', 'data-error-for': path }));
  }

  /** A list of rows (holidays, rules...) with Add and Remove; `make(i)` builds row i's fields. */
  function rows(title, parts, make, blank, hint) {
    const path = pathOf(parts);
    const list = getAt(parts) || [];
    const box = el('div', { 'data-path': path, 'data-list': path });
    list.forEach((_item, i) => {
      const remove = el('button', { type: 'button', class: 'small', 'data-remove': `${path}.${i}`, text: 'Remove' });
      remove.addEventListener('click', () => {
        getAt(parts).splice(i, 1);
        render();
        changed();
      });
      box.append(el('div', { class: 'row', 'data-path': `${path}.${i}` }, ...make(i), remove, el('small', { class: 'field-error', 'data-error-for': `${path}.${i}` })));
    });
    const add = el('button', { type: 'button', class: 'small', 'data-add': path, text: `Add ${title.toLowerCase().replace(/s$/, '')}` });
    add.addEventListener('click', () => {
      if (!getAt(parts)) setAt(parts, []);
      getAt(parts).push(blank());
      render();
      changed();
    });
    return el('div', {}, el('h3', { text: title }), hint ? el('p', { class: 'hint', text: hint }) : null, box, add, el('small', { class: 'field-error', 'data-error-for': path }));
  }

  const today = () => new Date().toISOString().slice(0, 10);

  // ------------------------------------------------------------------ sections

  const parts = {
    calendar() {
      const c = ['calendar'];
      return [
        field('Time zone', [...c, 'time_zone'], 'text', { placeholder: 'America/New_York' }),
        field('Cut-off time (orders after it count from the next business day)', [...c, 'cutoff_time'], 'time'),
        weekdays('Days the warehouse ships', [...c, 'business_days']),
        weekdays('Days carriers deliver', [...c, 'carrier_days']),
        rows('Holidays', [...c, 'holidays'], (i) => [
          field('Date', [...c, 'holidays', i, 'date'], 'date'),
          field('Name', [...c, 'holidays', i, 'name'], 'text'),
          field('Carriers closed too', [...c, 'holidays', i, 'carriers_closed'], 'check'),
        ], () => ({ date: today(), name: '', carriers_closed: false }), 'The warehouse does not ship on these days.'),
        rows('Closures', [...c, 'closures'], (i) => [
          field('From', [...c, 'closures', i, 'from'], 'date'),
          field('To', [...c, 'closures', i, 'to'], 'date'),
          field('Reason', [...c, 'closures', i, 'reason'], 'text', { optional: true }),
          field('Only warehouse', [...c, 'closures', i, 'warehouse'], 'text', { optional: true, placeholder: 'all' }),
          field('Carriers closed too', [...c, 'closures', i, 'carriers_closed'], 'check'),
        ], () => ({ from: today(), to: today(), carriers_closed: false }), 'Longer closures, both dates included.'),
      ];
    },
    processing() {
      const p = ['processing'];
      return [
        field('Default processing time (business days)', [...p, 'default_days'], 'number'),
        rows('Rules', [...p, 'rules'], (i) => [
          field('Name', [...p, 'rules', i, 'name'], 'text', { optional: true }),
          field('SKU pattern', [...p, 'rules', i, 'sku'], 'list', { optional: true, placeholder: 'PRINT-*' }),
          field('Tag', [...p, 'rules', i, 'tag'], 'list', { optional: true }),
          field('Shipping method', [...p, 'rules', i, 'method'], 'list', { optional: true }),
          field('Vendor', [...p, 'rules', i, 'vendor'], 'list', { optional: true }),
          field('Days', [...p, 'rules', i, 'days'], 'number'),
        ], () => ({ tag: [], days: 1 }), 'The first rule that fits an item sets its processing time. Separate several values with commas.'),
      ];
    },
    releases() {
      return [rows('Items that ship later', ['releases'], (i) => [
        field('Kind', ['releases', i, 'kind'], 'select', { choices: [['pre_order', 'Pre-order'], ['backorder', 'Back-order']] }),
        field('SKU', ['releases', i, 'sku'], 'list', { optional: true }),
        field('Tag', ['releases', i, 'tag'], 'list', { optional: true }),
        field('Release date', ['releases', i, 'date'], 'date', { optional: true }),
        field('Ships within (days)', ['releases', i, 'ships_within_days'], 'number', { optional: true }),
      ], () => ({ kind: 'pre_order', sku: [] }), 'Leave the date empty while it is not announced.')];
    },
    transit() {
      const out = [el('p', { class: 'hint', text: 'Business days in transit, from the day the parcel ships.' })];
      state.doc.shipping.zones.forEach((zone, z) => {
        out.push(el('h3', { text: `${zone.id} (${zone.countries.join(', ')}${zone.regions ? `: ${zone.regions.slice(0, 3).join(', ')}` : ''})` }));
        for (const method of Object.keys(zone.rates)) {
          const r = ['shipping', 'zones', z, 'rates', method];
          out.push(el('div', { class: 'row', 'data-path': pathOf(r) },
            el('strong', { text: method }),
            field('Days from', [...r, 'days', 'min'], 'number', { aria: `${zone.id} ${method} days from` }),
            field('Days to', [...r, 'days', 'max'], 'number', { aria: `${zone.id} ${method} days to` }),
            field('Cost', [...r, 'cost'], 'number', { step: '0.01' }),
            field('Free over', [...r, 'free_over'], 'number', { optional: true, step: '0.01' }),
            el('small', { class: 'field-error', 'data-error-for': pathOf([...r, 'days']) })));
        }
      });
      return out;
    },
    notices() {
      return [rows('Notices', ['notices'], (i) => {
        const n = ['notices', i];
        const hasMessage = !!getAt([...n, 'message']);
        const toggle = el('input', { type: 'checkbox', 'aria-label': 'With a message' });
        toggle.checked = hasMessage;
        toggle.addEventListener('change', () => {
          setAt([...n, 'message'], toggle.checked ? Object.fromEntries(LANGUAGES.map((l) => [l, ''])) : undefined);
          render();
          changed();
        });
        const messages = hasMessage ? el('details', { open: true }, el('summary', { text: 'Message in each language' }),
          ...LANGUAGES.map((l) => field(l, [...n, 'message', l], 'textarea', { rows: 2 }))) : null;
        return [
          field('Id', [...n, 'id'], 'text'),
          field('Orders placed from', [...n, 'from'], 'date'),
          field('to', [...n, 'to'], 'date'),
          field('Extra processing days', [...n, 'add_days'], 'number'),
          field('Extra transit days', [...n, 'add_transit_days'], 'number'),
          el('label', { class: 'check' }, toggle, 'With a message'),
          messages,
        ];
      }, () => ({ id: `notice-${Date.now().toString(36)}`, from: today(), to: today(), add_days: 0, add_transit_days: 0 }), 'A busy week or a strike: extra days and a sentence for orders placed in the dates.')];
    },
    returns() {
      return [
        field('Return window (calendar days after delivery)', ['returns', 'window_days'], 'number'),
        field('Refund takes from (business days)', ['returns', 'refund_days', 'min'], 'number'),
        field('to', ['returns', 'refund_days', 'max'], 'number'),
        el('small', { class: 'field-error', 'data-error-for': 'returns.refund_days' }),
        field('A shipment is stale after (carrier days without a scan)', ['tracking', 'stale_after_business_days'], 'number'),
      ];
    },
    policies() {
      const pick = el('select', { id: 'policy-lang', 'aria-label': 'Language of the texts' }, ...LANGUAGES.map((l) => el('option', { value: l, text: l })));
      pick.value = state.policyLang;
      pick.addEventListener('change', () => {
        state.policyLang = pick.value;
        render();
      });
      const lang = state.policyLang;
      return [
        el('p', { class: 'hint', text: 'You may write {return_window_days}, {refund_days}, {cutoff_time} and {default_processing_days}: the bot fills them in.' }),
        el('label', {}, 'Language', pick),
        ...Object.entries(ARTICLES).map(([key, title]) => el('div', {}, field(title, ['policies', lang, key], 'textarea', { rows: 5 }))),
      ];
    },
  };

  function render() {
    for (const [name, make] of Object.entries(parts)) {
      const box = document.querySelector(`[data-part="${name}"]`);
      box.replaceChildren(...make().filter(Boolean));
    }
    showProblems(state.problems || []);
  }

  // ------------------------------------------------------------------ problems next to fields

  function clearProblems() {
    state.problems = [];
    showProblems([]);
  }

  /** Puts each problem next to the input of its path, or of the nearest enclosing row or list. */
  function showProblems(problems) {
    document.querySelectorAll('.field-error').forEach((n) => { n.textContent = ''; });
    document.querySelectorAll('[aria-invalid]').forEach((n) => n.removeAttribute('aria-invalid'));
    const general = [];
    for (const p of problems) {
      let path = normalPath(p.path);
      let target = null;
      while (path && !(target = document.querySelector(`[data-error-for="${CSS.escape(path)}"]`))) path = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '';
      if (!target) { general.push(`${p.path}: ${p.message}`); continue; }
      target.textContent = target.textContent ? `${target.textContent}; ${p.message}` : p.message;
      const input = document.querySelector(`[data-path="${CSS.escape(path)}"]`);
      if (input && /^(INPUT|SELECT|TEXTAREA)$/.test(input.tagName)) input.setAttribute('aria-invalid', 'true');
    }
    $('save-errors').replaceChildren(...general.map((g) => el('li', { text: g })));
    if (problems.length > 0 && general.length === 0) $('save-errors').replaceChildren(el('li', { text: `${problems.length} field(s) need fixing: see the messages in red.` }));
  }

  // ------------------------------------------------------------------ save, discard

  $('save').addEventListener('click', async () => {
    $('save-status').textContent = 'Saving…';
    try {
      const res = await api('PUT', '/api/v1/knowledge', { document: state.doc, baseVersion: state.version });
      await loadDocument();
      $('save-status').textContent = `Saved as version ${res.version}`;
      loadVersions();
    } catch (err) {
      $('save-status').textContent = err.status === 400 ? 'Not saved: fix the fields in red.' : `Not saved: ${err.message}`;
      state.problems = err.status === 400 && Array.isArray(err.problems) ? err.problems : [];
      showProblems(state.problems);
    }
  });

  $('discard').addEventListener('click', async () => {
    await loadDocument();
    $('save-status').textContent = 'Changes discarded';
    runPreview();
  });

  // ------------------------------------------------------------------ preview

  ['preview-sample', 'preview-question', 'preview-lang'].forEach((id) => $(id).addEventListener('change', runPreview));
  $('preview-run').addEventListener('click', runPreview);

  async function runPreview() {
    if (!state.doc) return;
    const seq = ++state.previewSeq;
    const body = { document: state.doc, sample: $('preview-sample').value, question: $('preview-question').value, lang: $('preview-lang').value };
    try {
      const res = await api('POST', '/api/v1/knowledge/preview', body);
      if (seq !== state.previewSeq) return; // a newer preview is on its way
      const facts = res.facts.facts;
      const shipBy = facts.find((f) => f.key === 'promise.shipBy') || facts.find((f) => /^promise\.(item\..+\.)?shipBy/.test(f.key));
      $('preview-shipby').textContent = shipBy ? shipBy.value : '–';
      $('preview-shipby').dataset.day = shipBy ? shipBy.value : '';
      $('preview-text').textContent = res.text;
      $('preview-sample-text').textContent = res.sample ? `Sample: ${res.sample.description}` : '';
      $('preview-facts').replaceChildren(...facts.map((f) => el('li', { text: `${f.key} = ${f.value}` })));
      $('preview-error').textContent = '';
      $('preview').dataset.state = 'ready';
    } catch (err) {
      if (seq !== state.previewSeq) return;
      $('preview-error').textContent = err.status === 400 ? 'The preview needs the fields in red fixed.' : err.message;
      if (err.status === 400 && Array.isArray(err.problems)) {
        state.problems = err.problems.map((p) => ({ ...p, path: p.path.replace(/^document\./, '') }));
        showProblems(state.problems);
      }
      $('preview').dataset.state = 'error';
    }
  }

  // ------------------------------------------------------------------ versions

  async function loadVersions() {
    const data = await api('GET', '/api/v1/knowledge/versions');
    $('version-list').replaceChildren(...data.versions.map((v) => {
      const current = v.version === data.inForce;
      const item = el('li', { class: current ? 'current' : undefined, 'data-version': v.version },
        el('div', { text: `v${v.version} · ${new Date(v.createdAt).toLocaleString()} · ${v.author} (${v.source})${current ? ' · in force' : ''}` }),
        el('div', { class: 'muted', text: v.summary }));
      const details = el('button', { type: 'button', class: 'small', text: 'Changes' });
      details.addEventListener('click', async () => {
        const full = await api('GET', `/api/v1/knowledge/versions/${v.version}`);
        const list = el('ul', { class: 'changes' }, ...full.diff.changes.map((c) => el('li', { text: describeChange(c) })));
        details.replaceWith(list);
      });
      item.append(details);
      if (!current) {
        // No confirmation step: a restore is itself a version, so it can be undone the same way.
        const restore = el('button', { type: 'button', class: 'small', 'data-restore': v.version, text: 'Restore' });
        restore.addEventListener('click', async () => {
          try {
            const res = await api('POST', `/api/v1/knowledge/versions/${v.version}/restore`);
            await loadDocument();
            $('save-status').textContent = `Version ${v.version} restored as version ${res.version}`;
            loadVersions();
            runPreview();
          } catch (err) {
            $('save-status').textContent = `Not restored: ${err.message}`;
          }
        });
        item.append(' ', restore);
      }
      return item;
    }));
  }

  function describeChange(c) {
    const show = (v) => (typeof v === 'string' ? v : JSON.stringify(v));
    if (!('from' in c)) return `${c.path}: added ${show(c.to)}`;
    if (!('to' in c)) return `${c.path}: removed ${show(c.from)}`;
    return `${c.path}: ${show(c.from)} → ${show(c.to)}`;
  }

  start();
})();
