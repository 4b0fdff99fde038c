// The insights dashboard: plain browser JavaScript, served as a file (the CSP forbids inline
// scripts). Charts by Chart.js (served by the app from node_modules); every chart has a table
// with the same figures. Every value from the API is put in the page with textContent, never as HTML.
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  const state = { me: null, csrf: '', seq: 0, charts: {} };

  const REASONS = {
    requested: 'Asked for a person', delivery_problem: 'Delivery problem', carrier_exception: 'Carrier exception',
    returned: 'Returned to sender', stuck: 'Shipment stuck', late_shipment: 'Late shipment', verification_lockout: 'Verification locked',
    abusive: 'Abusive messages', merchant_keyword: 'Merchant keyword', high_value: 'High-value order',
    negative_sentiment: 'Frustrated shopper', not_understood: 'Bot did not understand',
  };
  const GROUP_NAMES = { day: 'day', channel: 'channel', language: 'language', intent: 'intent' };
  // Okabe-Ito: told apart with every kind of colour vision.
  const COLORS = { blue: '#0072B2', green: '#009E73', orange: '#E69F00', purple: '#CC79A7', grey: '#6b7280' };
  const DAY = 86_400_000;

  const reasonLabel = (r) => REASONS[r] || String(r).replace(/_/g, ' ');
  const number = new Intl.NumberFormat('en');
  const percent = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 });
  const pct = (rate) => (rate === null || rate === undefined ? '–' : percent.format(rate));
  const plural = (n, one, many) => `${number.format(n)} ${n === 1 ? one : many || `${one}s`}`;
  let languageNames = null;
  try { languageNames = new Intl.DisplayNames(['en'], { type: 'language' }); } catch { /* older browsers: codes */ }

  function money(amount, currency) {
    try {
      return new Intl.NumberFormat('en', { style: 'currency', currency }).format(amount);
    } catch {
      return `${amount.toFixed(2)} ${currency}`;
    }
  }

  function duration(ms) {
    if (ms === null || ms === undefined) return '–';
    if (ms < 1000) return `${ms} ms`;
    if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
    if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
    return `${(ms / 3_600_000).toFixed(1)} h`;
  }

  function groupLabel(groupBy, key) {
    if (groupBy === 'language' && languageNames && key !== 'unknown') {
      try { return `${languageNames.of(key)} (${key})`; } catch { return key; }
    }
    if (groupBy === 'intent') return String(key).replace(/_/g, ' ');
    return String(key);
  }

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else node.setAttribute(k, v);
    }
    for (const c of children) if (c !== null && c !== undefined) node.append(c);
    return node;
  }

  function table(caption, headers, rows) {
    return el('table', {},
      el('caption', { class: 'muted', text: caption }),
      el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', { scope: 'col', class: h.num ? 'num' : '', text: h.text })))),
      el('tbody', {}, ...rows.map((cells) => el('tr', {}, ...cells.map((c, i) => {
        const td = el('td', { class: headers[i].num ? 'num' : headers[i].cls || '' });
        if (c instanceof Node) td.append(c); else td.textContent = c;
        return td;
      })))));
  }

  // ------------------------------------------------------------------ API

  class SessionEnded extends Error {}

  async function api(method, url, body) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET') headers['X-CSRF-Token'] = state.csrf;
    const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
    if (res.status === 401 && url !== '/api/v1/agents/login') throw new SessionEnded('Your session ended: log in again.');
    const data = res.status === 204 ? {} : await res.json().catch(() => ({}));
    if (!res.ok) {
      const problems = Array.isArray(data.problems) ? data.problems.map((p) => `${p.path}: ${p.message}`).join('; ') : '';
      throw new Error(`${data.message || `Request failed (${res.status})`}${problems ? ` (${problems})` : ''}`);
    }
    return data;
  }

  // ------------------------------------------------------------------ login (the inbox's)

  function showLogin(message) {
    $('app').hidden = true;
    $('login').hidden = false;
    $('login-error').textContent = message || '';
    $('login-email').focus();
  }

  async function start() {
    readControlsFromUrl();
    try {
      const me = await fetch('/api/v1/agents/me', { credentials: 'same-origin' });
      if (!me.ok) return showLogin();
      const data = await me.json();
      enter(data.agent, data.csrfToken);
    } catch {
      showLogin();
    }
  }

  function enter(agent, csrf) {
    state.me = agent;
    state.csrf = csrf || '';
    $('login').hidden = true;
    $('app').hidden = false;
    $('me').textContent = agent ? `${agent.name} (${agent.role})` : 'admin';
    $('main').focus();
    load();
  }

  $('login-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    $('login-error').textContent = '';
    try {
      const data = await api('POST', '/api/v1/agents/login', { email: $('login-email').value, password: $('login-password').value });
      $('login-password').value = '';
      enter(data.agent, data.csrfToken);
    } catch (err) {
      $('login-error').textContent = err.message;
    }
  });

  $('logout').addEventListener('click', async () => {
    await api('POST', '/api/v1/agents/logout').catch(() => {});
    showLogin();
  });

  // ------------------------------------------------------------------ controls

  const CONTROLS = { from: 'f-from', to: 'f-to', channel: 'f-channel', language: 'f-language', groupBy: 'f-group' };

  function readControlsFromUrl() {
    const params = new URLSearchParams(location.search);
    for (const [name, id] of Object.entries(CONTROLS)) {
      const value = params.get(name);
      if (!value) continue;
      const input = $(id);
      if (input.tagName === 'SELECT' && ![...input.options].some((o) => o.value === value)) continue;
      input.value = value;
    }
  }

  /** The query of the controls (empty ones left out: the API's defaults, the last 30 days by day). */
  function query(overrides) {
    const params = new URLSearchParams();
    for (const [name, id] of Object.entries(CONTROLS)) if ($(id).value) params.set(name, $(id).value);
    for (const [k, v] of Object.entries(overrides || {})) params.set(k, v);
    return params;
  }

  $('controls').addEventListener('submit', (e) => {
    e.preventDefault();
    load();
  });
  // Selects reload at once; dates when they are complete (typing one digit at a time must not reload each time).
  for (const id of ['f-channel', 'f-language', 'f-group']) $(id).addEventListener('change', () => load());
  for (const id of ['f-from', 'f-to']) $(id).addEventListener('change', (e) => { if (e.target.value) load(); });

  // ------------------------------------------------------------------ loading

  async function load() {
    const seq = ++state.seq;
    const params = query();
    const groupBy = params.get('groupBy') || 'day';
    history.replaceState(null, '', params.toString() ? `${location.pathname}?${params}` : location.pathname);
    const main = $('main');
    main.setAttribute('aria-busy', 'true');
    $('status').textContent = 'Loading…';
    $('error').textContent = '';
    try {
      const [data, daily] = await Promise.all([
        api('GET', `/api/v1/insights?${params}`),
        groupBy === 'day' ? null : api('GET', `/api/v1/insights?${query({ groupBy: 'day' })}`),
      ]);
      if (seq !== state.seq) return; // a newer request is on its way
      // The API chose the period (the shop's last 30 days) when none was given: show it.
      $('f-from').value = data.from;
      $('f-to').value = data.to;
      render(data, daily || data);
      $('status').textContent = `Showing ${data.from} to ${data.to}, by ${GROUP_NAMES[data.groupBy]}.`;
      main.dataset.groupBy = data.groupBy;
    } catch (err) {
      if (seq !== state.seq) return;
      if (err instanceof SessionEnded) return showLogin(err.message);
      $('status').textContent = '';
      $('error').textContent = err.message;
    } finally {
      if (seq === state.seq) main.setAttribute('aria-busy', 'false');
    }
  }

  function render(data, daily) {
    const csv = new URLSearchParams({ from: data.from, to: data.to, groupBy: data.groupBy });
    for (const name of ['channel', 'language']) if ($(CONTROLS[name]).value) csv.set(name, $(CONTROLS[name]).value);
    $('csv').href = `/api/v1/insights.csv?${csv}`;
    for (const span of document.querySelectorAll('[data-group-name]')) span.textContent = GROUP_NAMES[data.groupBy];
    $('range-note').textContent = `Days are in the shop's time zone (${data.timeZone}). `
      + `A contact handled by a person is counted at ${money(data.costPerContact, data.currency)}.`;
    renderTiles(data);
    renderDaily(daily);
    renderHandoffs(data);
    renderStages(data);
    renderNotices(data);
    renderReasons(data);
    renderUnanswered(data);
  }

  function renderTiles({ totals: t, currency, costPerContact }) {
    const tiles = [
      ['conversations', 'Conversations', number.format(t.conversations), `${number.format(t.orderConversations)} about a verified order`],
      ['wismo-share', 'WISMO share', pct(t.wismoShare), `${number.format(t.wismoConversations)} of ${plural(t.conversations, 'conversation')} asked where an order is`],
      ['automated-resolution-rate', 'Automated resolution rate', pct(t.automatedResolutionRate), `${number.format(t.automatedResolutions)} of ${plural(t.orderConversations, 'order conversation')} without a person or a repeat contact`],
      ['handoff-rate', 'Handoff rate', pct(t.handoffRate), `${plural(t.handoffs, 'handoff')} of ${plural(t.conversations, 'conversation')}`],
      ['verification-success-rate', 'Verification success rate', pct(t.verificationSuccessRate), `${number.format(t.verified)} of ${number.format(t.verificationNeeded)} verified; ${plural(t.lockouts, 'lockout')}`],
      ['estimated-saving', 'Estimated saving', money(t.estimatedSaving, currency), `${plural(t.automatedResolutions, 'automated resolution')} × ${money(costPerContact, currency)}`],
      ['median-first-answer', 'Median time to first answer', duration(t.medianFirstAnswerMs), `90% within ${duration(t.p90FirstAnswerMs)}`],
      ['repeat-contacts', 'Repeat contacts', number.format(t.repeatContacts), 'conversations within 72 h of an earlier one about the same order'],
    ];
    $('tiles').replaceChildren(...tiles.map(([key, label, value, detail]) => el('li', { class: 'tile', 'data-tile': key },
      el('span', { class: 'label', text: label }),
      el('span', { class: 'value', text: value }),
      el('span', { class: 'detail', text: detail }))));
  }

  // ------------------------------------------------------------------ charts

  function chart(id, config, summary) {
    const canvas = $(id);
    canvas.setAttribute('aria-label', summary);
    canvas.textContent = summary; // fallback content where canvas is not supported
    if (state.charts[id]) state.charts[id].destroy();
    delete state.charts[id];
    if (typeof window.Chart !== 'function') {
      // The chart library did not load: the tables carry the figures.
      canvas.closest('section').querySelector('details').open = true;
      return;
    }
    config.options = Object.assign({
      responsive: true, maintainAspectRatio: false, animation: false,
      plugins: { legend: { position: 'bottom' } },
    }, config.options);
    state.charts[id] = new window.Chart(canvas, config);
  }

  const percentAxis = { beginAtZero: true, max: 100, ticks: { callback: (v) => `${v}%` } };
  const countAxis = { beginAtZero: true, ticks: { precision: 0 } };
  const asPercent = (rate) => (rate === null || rate === undefined ? null : Math.round(rate * 1000) / 10);

  /** Every day of the period, those without conversations as zero. */
  function days(from, to) {
    const out = [];
    for (let t = Date.parse(`${from}T00:00:00Z`), end = Date.parse(`${to}T00:00:00Z`); t <= end; t += DAY) out.push(new Date(t).toISOString().slice(0, 10));
    return out;
  }

  function renderDaily(daily) {
    const byDay = new Map(daily.groups.map((g) => [g.key, g.measures]));
    const labels = days(daily.from, daily.to);
    const conv = labels.map((d) => (byDay.get(d) ? byDay.get(d).conversations : 0));
    const auto = labels.map((d) => (byDay.get(d) ? byDay.get(d).automatedResolutions : 0));
    const busiest = conv.indexOf(Math.max(0, ...conv));
    const summary = `Chart of conversations and automated resolutions per day from ${daily.from} to ${daily.to}: `
      + `${plural(daily.totals.conversations, 'conversation')} and ${plural(daily.totals.automatedResolutions, 'automated resolution')} in all`
      + (conv[busiest] ? `; the busiest day was ${labels[busiest]} with ${plural(conv[busiest], 'conversation')}.` : '.');
    chart('chart-daily', {
      type: 'bar',
      data: {
        labels,
        datasets: [
          { type: 'bar', label: 'Conversations', data: conv, backgroundColor: COLORS.blue, order: 2 },
          { type: 'line', label: 'Automated resolutions', data: auto, borderColor: COLORS.green, backgroundColor: COLORS.green, pointRadius: 3, order: 1 },
        ],
      },
      options: { scales: { y: countAxis } },
    }, summary);
    const rows = labels.filter((d) => byDay.has(d)).map((d) => [d, number.format(byDay.get(d).conversations), number.format(byDay.get(d).automatedResolutions), pct(byDay.get(d).automatedResolutionRate)]);
    $('table-daily').replaceChildren(table('Days with conversations', [{ text: 'Day' }, { text: 'Conversations', num: true }, { text: 'Automated resolutions', num: true }, { text: 'Automated resolution rate', num: true }], rows));
  }

  function renderHandoffs({ groups, groupBy }) {
    const labels = groups.map((g) => groupLabel(groupBy, g.key));
    const summary = groups.length
      ? `Bar chart of the handoff rate by ${GROUP_NAMES[groupBy]}: ${groups.map((g, i) => `${labels[i]} ${pct(g.measures.handoffRate)}`).join(', ')}.`
      : 'No conversations in this period.';
    chart('chart-handoff', {
      type: 'bar',
      data: { labels, datasets: [{ label: 'Handoff rate', data: groups.map((g) => asPercent(g.measures.handoffRate)), backgroundColor: COLORS.orange }] },
      options: { scales: { y: percentAxis }, plugins: { legend: { display: false }, tooltip: { callbacks: { label: (c) => `Handoff rate ${c.formattedValue}%` } } } },
    }, summary);
    $('table-handoff').replaceChildren(table(`Handoffs by ${GROUP_NAMES[groupBy]}`,
      [{ text: GROUP_NAMES[groupBy] }, { text: 'Conversations', num: true }, { text: 'Handoffs', num: true }, { text: 'Handoff rate', num: true }],
      groups.map((g, i) => [labels[i], number.format(g.measures.conversations), number.format(g.measures.handoffs), pct(g.measures.handoffRate)])));
  }

  function renderStages({ groups, groupBy, totals }) {
    const labels = groups.map((g) => groupLabel(groupBy, g.key));
    const series = [
      ['Before shipping', 'preShipmentQuestions', COLORS.orange],
      ['In transit', 'inTransitQuestions', COLORS.blue],
      ['Delivered', 'deliveredQuestions', COLORS.green],
    ];
    const summary = `Stacked bar chart of order questions by ${GROUP_NAMES[groupBy]}: in all `
      + `${number.format(totals.preShipmentQuestions)} before shipping, ${number.format(totals.inTransitQuestions)} in transit and ${number.format(totals.deliveredQuestions)} after delivery.`;
    chart('chart-stages', {
      type: 'bar',
      data: { labels, datasets: series.map(([label, key, color]) => ({ label, data: groups.map((g) => g.measures[key]), backgroundColor: color })) },
      options: { scales: { x: { stacked: true }, y: Object.assign({ stacked: true }, countAxis) } },
    }, summary);
    $('table-stages').replaceChildren(table(`Order questions by ${GROUP_NAMES[groupBy]}`,
      [{ text: GROUP_NAMES[groupBy] }, ...series.map(([label]) => ({ text: label, num: true }))],
      groups.map((g, i) => [labels[i], ...series.map(([, key]) => number.format(g.measures[key]))])));
  }

  function renderNotices({ notices }) {
    const { notified, holdout } = notices;
    $('notices-note').textContent = `${plural(notices.sent, 'notice')} sent. Of the orders with a delay detected in the period, `
      + `${number.format(notified.contacted)} of ${number.format(notified.orders)} notified and ${number.format(holdout.contacted)} of ${number.format(holdout.orders)} held out (not notified, for comparison) contacted the shop within 7 days.`;
    const summary = notified.orders || holdout.orders
      ? `Bar chart of the contact rate: notified orders ${pct(notified.rate)}, held-out orders ${pct(holdout.rate)}.`
      : 'No delayed orders with a notice or a holdout in this period.';
    chart('chart-notices', {
      type: 'bar',
      data: {
        labels: ['Notified', 'Held out'],
        datasets: [{ label: 'Contacted the shop within 7 days', data: [asPercent(notified.rate), asPercent(holdout.rate)], backgroundColor: [COLORS.green, COLORS.grey] }],
      },
      options: { indexAxis: 'y', scales: { x: percentAxis }, plugins: { legend: { display: false }, tooltip: { callbacks: { label: (c) => `Contact rate ${c.formattedValue}%` } } } },
    }, summary);
    $('table-notices').replaceChildren(table('Contact rate after a delay',
      [{ text: 'Orders' }, { text: 'Orders', num: true }, { text: 'Contacted within 7 days', num: true }, { text: 'Contact rate', num: true }],
      [['Notified', number.format(notified.orders), number.format(notified.contacted), pct(notified.rate)],
        ['Held out', number.format(holdout.orders), number.format(holdout.contacted), pct(holdout.rate)]]));
  }

  // ------------------------------------------------------------------ lists

  function renderReasons({ handoffReasons }) {
    if (!handoffReasons.length) return $('reasons').replaceChildren(el('p', { class: 'muted', text: 'No handoffs in this period.' }));
    $('reasons').replaceChildren(table('Cases opened in the period, by reason (the newest cases first)',
      [{ text: 'Reason' }, { text: 'Cases', num: true }, { text: 'Open a case', cls: 'cases' }],
      handoffReasons.map((r) => [
        reasonLabel(r.reason),
        number.format(r.count),
        el('span', { class: 'cases' }, ...r.caseIds.map((id) => el('a', { href: `/inbox/#case-${id}`, 'data-case': String(id), 'aria-label': `Case ${id} (${reasonLabel(r.reason)})`, text: `#${id}` }))),
      ])));
  }

  function renderUnanswered({ unanswered }) {
    if (!unanswered.length) return $('unanswered').replaceChildren(el('p', { class: 'muted', text: 'Nothing went unanswered in this period.' }));
    const when = (iso) => new Date(iso).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' });
    $('unanswered').replaceChildren(table('Unanswered questions, the most frequent first',
      [{ text: 'Question (an example)', cls: 'text' }, { text: 'Times', num: true }, { text: 'Last seen' }],
      unanswered.map((u) => [u.text, number.format(u.count), el('time', { datetime: u.lastAt, text: when(u.lastAt) })])));
  }

  start();
})();
