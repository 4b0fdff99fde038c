// The agent inbox: plain browser JavaScript, served as a file (the CSP forbids inline scripts).
// Every value from the API is put in the page with textContent, never as HTML.
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  const state = { me: null, csrf: '', cases: new Map(), selected: null, detail: null, agents: [], stream: null };

  const REASONS = {
    requested: 'Asked for a person', delivery_problem: 'Delivery problem', carrier_exception: 'Carrier exception',
    returned: 'Returned to sender', stuck: 'Shipment stuck', late_shipment: 'Late shipment', verification_lockout: 'Verification locked',
    abusive: 'Abusive messages', merchant_keyword: 'Merchant keyword', high_value: 'High-value order',
    negative_sentiment: 'Frustrated shopper', not_understood: 'Bot did not understand',
  };
  const PRIORITY_RANK = { urgent: 0, high: 1, normal: 2, low: 3 };
  const reasonLabel = (r) => REASONS[r] || String(r).replace(/_/g, ' ');
  const when = (iso) => new Date(iso).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' });

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v);
    }
    for (const c of children) if (c !== null && c !== undefined) node.append(c);
    return node;
  }

  // ------------------------------------------------------------------ API

  async function api(method, url, body) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET') headers['X-CSRF-Token'] = state.csrf;
    const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
    if (res.status === 401 && url !== '/api/v1/agents/login') {
      showLogin();
      throw new Error('Your session ended: log in again.');
    }
    const data = res.status === 204 ? {} : await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(data.message || `Request failed (${res.status})`);
    return data;
  }

  // ------------------------------------------------------------------ login

  function showLogin() {
    if (state.stream) state.stream.close();
    state.stream = null;
    $('app').hidden = true;
    $('login').hidden = false;
    $('login-email').focus();
  }

  async function start() {
    try {
      const me = await fetch('/api/v1/agents/me', { credentials: 'same-origin' });
      if (!me.ok) return showLogin();
      const data = await me.json();
      enter(data.agent, data.csrfToken);
    } catch {
      showLogin();
    }
  }

  async function enter(agent, csrf) {
    state.me = agent;
    state.csrf = csrf || '';
    $('login').hidden = true;
    $('app').hidden = false;
    $('me').textContent = agent ? `${agent.name} (${agent.role})` : 'admin';
    state.agents = (await api('GET', '/api/v1/agents')).agents.filter((a) => !a.disabled);
    await loadCases();
    openStream();
    route();
  }

  $('login-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    $('login-error').textContent = '';
    try {
      const data = await api('POST', '/api/v1/agents/login', { email: $('login-email').value, password: $('login-password').value });
      $('login-password').value = '';
      await enter(data.agent, data.csrfToken);
    } catch (err) {
      $('login-error').textContent = err.message;
    }
  });

  $('logout').addEventListener('click', async () => {
    await api('POST', '/api/v1/agents/logout').catch(() => {});
    showLogin();
  });

  // ------------------------------------------------------------------ list

  function filters() {
    return { status: $('f-status').value, channel: $('f-channel').value, reason: $('f-reason').value, language: $('f-language').value };
  }

  function matches(c) {
    const f = filters();
    if (f.status === 'active' ? !(c.status === 'open' || c.status === 'assigned') : f.status && c.status !== f.status) return false;
    return (!f.channel || c.channel === f.channel) && (!f.reason || c.reason === f.reason) && (!f.language || c.language === f.language);
  }

  async function loadCases() {
    const query = new URLSearchParams(Object.entries(filters()).filter(([, v]) => v));
    const data = await api('GET', `/api/v1/cases?${query}`);
    state.cases = new Map(data.cases.map((c) => [c.id, c]));
    renderList();
  }

  function renderList(freshId) {
    const list = $('cases');
    const shown = [...state.cases.values()].filter(matches).sort((a, b) =>
      (PRIORITY_RANK[a.priority] ?? 9) - (PRIORITY_RANK[b.priority] ?? 9) || new Date(b.updatedAt) - new Date(a.updatedAt));
    list.replaceChildren(...shown.map((c) => {
      const li = el('li', { 'data-case': String(c.id), class: [c.id === state.selected ? 'selected' : '', c.id === freshId ? 'fresh' : ''].join(' ').trim(), onclick: () => select(c.id) },
        el('div', { class: 'row' },
          el('span', { class: 'grow', text: `#${c.id} ${reasonLabel(c.reason)}` }),
          el('span', { class: `badge ${c.priority}`, text: c.priority }),
          el('span', { class: `badge ${c.status}`, text: c.status.replace('_', ' ') })),
        el('div', { class: 'summary', text: c.summary }),
        el('div', { class: 'row muted' },
          el('span', { text: `${c.channel}${c.language ? ' · ' + c.language : ''}${c.orderId ? ' · order ' + c.orderId : ''}` }),
          el('span', { class: 'spacer' }),
          el('span', { text: c.assignedAgent ? c.assignedAgent.name : 'unassigned' })));
      return li;
    }));
    $('empty').hidden = shown.length > 0;
  }

  $('filters').addEventListener('change', () => loadCases().catch(() => {}));

  // ------------------------------------------------------------------ live stream

  function openStream() {
    if (state.stream) state.stream.close();
    const stream = new EventSource('/api/v1/cases/stream');
    state.stream = stream;
    const live = $('live');
    stream.addEventListener('open', () => { live.textContent = 'live'; live.classList.add('on'); });
    stream.addEventListener('error', () => {
      live.textContent = 'reconnecting'; live.classList.remove('on');
      // A 401 closes the stream for good: check whether the session ended.
      if (stream.readyState === EventSource.CLOSED) setTimeout(() => api('GET', '/api/v1/agents/me').then(openStream).catch(() => {}), 3000);
    });
    const onCase = (e) => {
      const { case: c } = JSON.parse(e.data);
      state.cases.set(c.id, c);
      renderList(e.type === 'case.created' ? c.id : undefined);
      if (c.id === state.selected) refreshDetail();
    };
    stream.addEventListener('case.created', onCase);
    stream.addEventListener('case.updated', onCase);
    stream.addEventListener('case.message', (e) => {
      const { caseId } = JSON.parse(e.data);
      if (caseId === state.selected) refreshDetail();
    });
  }

  // ------------------------------------------------------------------ detail

  function route() {
    const m = /^#case-(\d+)$/.exec(location.hash);
    if (m) select(Number(m[1]));
  }
  window.addEventListener('hashchange', route);

  async function select(id) {
    state.selected = id;
    if (location.hash !== `#case-${id}`) history.replaceState(null, '', `#case-${id}`);
    renderList();
    await refreshDetail();
  }

  let refreshing = null;
  async function refreshDetail() {
    // Several events in a row cost one request.
    if (refreshing) return refreshing;
    refreshing = (async () => {
      try {
        const data = await api('GET', `/api/v1/cases/${state.selected}`);
        state.detail = data;
        state.cases.set(data.case.id, data.case);
        renderDetail(data);
      } catch (err) {
        $('detail').replaceChildren(el('p', { class: 'error', text: err.message }));
      } finally {
        refreshing = null;
      }
    })();
    return refreshing;
  }

  function renderDetail({ case: c, transcript, notes, order }) {
    const root = $('detail');
    let view = root.querySelector('.case');
    const keepReply = view ? view.querySelector('[data-f="reply"]').value : '';
    const keepNote = view ? view.querySelector('[data-f="note"]').value : '';
    if (!view || Number(view.dataset.caseId) !== c.id) {
      view = $('case-detail').content.firstElementChild.cloneNode(true);
      view.dataset.caseId = String(c.id);
      wire(view);
      root.replaceChildren(view);
    }
    const f = (name) => view.querySelector(`[data-f="${name}"]`);
    const active = c.status === 'open' || c.status === 'assigned';
    const isAdmin = !state.me || state.me.role === 'admin';

    f('title').textContent = `#${c.id} ${reasonLabel(c.reason)}`;
    f('summary').textContent = c.summary;
    f('meta').textContent = [c.status.replace('_', ' '), `priority ${c.priority}`, c.channel, c.language, c.assignedAgent ? `agent ${c.assignedAgent.name}` : 'unassigned', `opened ${when(c.createdAt)}`].filter(Boolean).join(' · ');
    view.querySelector('[data-a="claim"]').hidden = !state.me || !active || (c.assignedAgent && c.assignedAgent.id === state.me.id);
    f('assign-box').hidden = !isAdmin || !active;
    const select = f('assign-to');
    if (select.options.length !== state.agents.length) select.replaceChildren(...state.agents.map((a) => el('option', { value: String(a.id), text: a.name })));
    if (c.assignedAgent) select.value = String(c.assignedAgent.id);
    for (const a of ['resolve', 'handback']) view.querySelector(`[data-a="${a}"]`).disabled = !active;
    f('reply-form').hidden = !active;

    const list = f('transcript');
    const atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 20;
    list.replaceChildren(...transcript.map((m) => el('li', { class: `msg ${m.direction}` },
      el('span', { class: 'who', text: `${m.direction === 'in' ? 'Shopper' : m.direction === 'agent' ? 'Agent' : 'Bot'} · ${when(m.at)}` }),
      m.text)));
    if (atBottom) list.scrollTop = list.scrollHeight;

    f('order').replaceChildren(renderOrder(order, c.orderId));
    const facts = c.facts ? c.facts.facts : [];
    f('facts').replaceChildren(...(facts.length ? facts.map((x) => el('li', { text: `${x.key}: ${x.value}` })) : [el('li', { class: 'muted', text: 'Nothing order-specific yet.' })]));
    f('notes').replaceChildren(...(notes.length ? notes.map((n) => el('li', {}, el('span', { class: 'who', text: `${n.agent ? n.agent.name : 'admin'} · ${when(n.at)}` }), n.text)) : [el('li', { class: 'muted', text: 'No notes.' })]));
    f('reply').value = keepReply;
    f('note').value = keepNote;
  }

  function renderOrder(order, orderId) {
    if (!order) return el('p', { class: 'muted', text: orderId ? `Order ${orderId} not found.` : 'No verified order linked.' });
    const box = el('div');
    box.append(el('dl', { class: 'kv' },
      el('dt', { text: 'Order' }), el('dd', { text: `${order.id} (${order.status})` }),
      el('dt', { text: 'Placed' }), el('dd', { text: when(order.placedAt) }),
      el('dt', { text: 'Customer' }), el('dd', { text: order.customer.name }),
      el('dt', { text: 'Ship to' }), el('dd', { text: [order.shippingAddress.city, order.shippingAddress.country].filter(Boolean).join(', ') }),
      el('dt', { text: 'Items' }), el('dd', { text: order.items.map((i) => `${i.quantity}× ${i.name}`).join(', ') })));
    if (!order.shipments.length) box.append(el('p', { class: 'muted', text: 'Not shipped yet.' }));
    for (const s of order.shipments) {
      const tracking = s.trackingUrl ? el('a', { href: s.trackingUrl, target: '_blank', rel: 'noopener noreferrer', text: s.trackingNumber }) : s.trackingNumber;
      box.append(el('div', { class: 'shipment' },
        el('div', {}, el('strong', { text: `${s.carrier.toUpperCase()} ` }), tracking),
        el('div', { text: `${s.status.replace(/_/g, ' ')}${s.estimatedDelivery ? ` · ETA ${s.estimatedDelivery}` : ''}` }),
        el('ol', {}, ...[...s.events].reverse().slice(0, 8).map((ev) => el('li', { text: `${when(ev.at)} ${ev.description || ev.status}${ev.location ? ' — ' + ev.location : ''}` })))));
    }
    return box;
  }

  function wire(view) {
    const f = (name) => view.querySelector(`[data-f="${name}"]`);
    const act = async (action, body) => {
      f('error').textContent = '';
      try {
        await api('POST', `/api/v1/cases/${state.selected}/${action}`, body);
        await refreshDetail();
      } catch (err) {
        f('error').textContent = err.message;
      }
    };
    view.querySelector('[data-a="claim"]').addEventListener('click', () => act('claim'));
    view.querySelector('[data-a="assign"]').addEventListener('click', () => act('assign', { agentId: Number(f('assign-to').value) }));
    view.querySelector('[data-a="resolve"]').addEventListener('click', () => act('resolve'));
    view.querySelector('[data-a="handback"]').addEventListener('click', () => {
      if (confirm('Give this conversation back to the bot?')) act('handback');
    });
    f('reply-form').addEventListener('submit', async (e) => {
      e.preventDefault();
      const text = f('reply').value.trim();
      if (!text) return;
      const button = e.submitter || f('reply-form').querySelector('button');
      button.disabled = true;
      f('error').textContent = '';
      try {
        await api('POST', `/api/v1/cases/${state.selected}/messages`, { text });
        f('reply').value = '';
        await refreshDetail();
      } catch (err) {
        f('error').textContent = err.message;
      } finally {
        button.disabled = false;
      }
    });
    f('reply').addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) f('reply-form').requestSubmit();
    });
    f('note-form').addEventListener('submit', async (e) => {
      e.preventDefault();
      const text = f('note').value.trim();
      if (!text) return;
      await act('notes', { text });
      f('note').value = '';
    });
  }

  start();
})();
