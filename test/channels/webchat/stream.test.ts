import { expect } from 'chai';
import WebSocket from 'ws';
import type { Store } from '../../../src/store/db';
import { openStore } from '../../../src/store/db';
import { BACKENDS, openTestStore as openBackend, requireServer, tempDir, type TestStore } from '../../helpers/db';
import { buildWebchat, listen, openTestStore, SECRET } from './helpers';

interface Frame {
  activities: { id: string; type: string; text?: string; replyToId?: string; from: { role?: string } }[];
  watermark: string;
}

/** Connects to a stream URL and records every frame (empty keep-alives as null). */
function connect(url: string): Promise<{ ws: WebSocket; frames: (Frame | null)[]; next(predicate: (f: Frame) => boolean, timeoutMs?: number): Promise<Frame> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const frames: (Frame | null)[] = [];
    const waiters: { predicate: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
    ws.on('message', (data) => {
      const text = data.toString();
      const frame = text ? (JSON.parse(text) as Frame) : null;
      frames.push(frame);
      if (!frame) return;
      for (const w of waiters.slice()) if (w.predicate(frame)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(frame); }
    });
    ws.once('open', () =>
      resolve({
        ws,
        frames,
        next: (predicate, timeoutMs = 5000) =>
          new Promise<Frame>((res, rej) => {
            const seen = frames.find((f): f is Frame => !!f && predicate(f));
            if (seen) return res(seen);
            const timer = setTimeout(() => rej(new Error('no matching frame in time')), timeoutMs);
            waiters.push({ predicate, resolve: (f) => { clearTimeout(timer); res(f); } });
          }),
      }),
    );
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

async function api(base: string, method: string, path: string, bearer: string, body?: unknown) {
  const res = await fetch(`${base}/v3/directline${path}`, {
    method,
    headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

describe('web chat: Direct Line WebSocket stream', () => {
  let store: Store;
  let a: Awaited<ReturnType<typeof listen>>;
  let b: Awaited<ReturnType<typeof listen>>;

  before(async () => {
    store = await openTestStore();
    a = await listen(buildWebchat(store, { pollMs: 5000, keepAliveMs: 150 }));
    // A second instance on the same database, like a second replica behind a load balancer.
    b = await listen(buildWebchat(store, { pollMs: 100 }));
  });
  after(async () => {
    await a.close();
    await b.close();
    await store.close();
  });

  it('pushes the user activity and the bot reply as they are stored', async () => {
    const gen = await api(a.base, 'POST', '/tokens/generate', SECRET, { user: { id: 'dl_stream' } });
    const conv = await api(a.base, 'POST', '/conversations', gen.body.token);
    expect(conv.status).to.equal(201);
    const stream = await connect(conv.body.streamUrl);
    const sent = await api(a.base, 'POST', `/conversations/${conv.body.conversationId}/activities`, gen.body.token, { type: 'message', from: { id: 'x' }, text: 'where is my order?' });
    expect(sent.status).to.equal(200);
    // Same instance: woken at once, long before its 5 s poll.
    const frame = await stream.next((f) => f.activities.some((x) => x.replyToId === sent.body.id), 2000);
    const reply = frame.activities.find((x) => x.replyToId === sent.body.id)!;
    expect(reply).to.include({ type: 'message', text: 'echo: where is my order?' });
    expect(reply.from.role).to.equal('bot');
    const all = stream.frames.flatMap((f) => f?.activities ?? []);
    expect(all.map((x) => x.text)).to.deep.equal(['where is my order?', 'echo: where is my order?']);
    expect(Number(frame.watermark)).to.be.greaterThan(0);
    stream.ws.close();
  });

  it('sends empty keep-alive frames', async () => {
    const conv = await api(a.base, 'POST', '/conversations', SECRET);
    const stream = await connect(conv.body.streamUrl);
    await new Promise((r) => setTimeout(r, 400));
    expect(stream.frames).to.include(null);
    stream.ws.close();
  });

  it('feeds a stream on another instance from the database', async () => {
    const conv = await api(a.base, 'POST', '/conversations', SECRET);
    const id = conv.body.conversationId;
    const reconnect = await api(b.base, 'GET', `/conversations/${id}`, conv.body.token);
    const stream = await connect(reconnect.body.streamUrl);
    const sent = await api(a.base, 'POST', `/conversations/${id}/activities`, conv.body.token, { type: 'message', from: { id: 'u1' }, text: 'hello from A' });
    const frame = await stream.next((f) => f.activities.some((x) => x.replyToId === sent.body.id), 3000);
    expect(frame.activities.map((x) => x.text)).to.include('echo: hello from A');
    stream.ws.close();
  });

  it('resumes after the watermark of a reconnect', async () => {
    const conv = await api(a.base, 'POST', '/conversations', SECRET);
    const id = conv.body.conversationId;
    await api(a.base, 'POST', `/conversations/${id}/activities`, SECRET, { type: 'message', from: { id: 'u1' }, text: 'old' });
    const page = await api(a.base, 'GET', `/conversations/${id}/activities`, SECRET);
    await api(a.base, 'POST', `/conversations/${id}/activities`, SECRET, { type: 'message', from: { id: 'u1' }, text: 'new' });
    const reconnect = await api(b.base, 'GET', `/conversations/${id}?watermark=${page.body.watermark}`, conv.body.token);
    const stream = await connect(reconnect.body.streamUrl);
    await stream.next((f) => f.activities.some((x) => x.text === 'echo: new'), 3000);
    expect(stream.frames.flatMap((f) => f?.activities ?? []).map((x) => x.text)).to.deep.equal(['new', 'echo: new']);
    stream.ws.close();
  });

  it('refuses a stream without a valid stream token, or with another conversation token', async () => {
    const conv = await api(a.base, 'POST', '/conversations', SECRET);
    const url = new URL(conv.body.streamUrl);
    url.searchParams.set('t', conv.body.token);
    let failure = await connect(url.href).then(() => 'connected', (err: Error) => err.message);
    expect(failure).to.equal('HTTP 403');
    const other = await api(a.base, 'POST', '/conversations', SECRET);
    const swapped = conv.body.streamUrl.replace(conv.body.conversationId, other.body.conversationId);
    failure = await connect(swapped).then(() => 'connected', (err: Error) => err.message);
    expect(failure).to.equal('HTTP 403');
  });
});

describe('web chat: streams told by the database (LISTEN/NOTIFY), not by polling', () => {
  for (const backend of BACKENDS) {
    describe(backend, () => {
      let t: TestStore;
      let second: Store | undefined;
      const servers: Awaited<ReturnType<typeof listen>>[] = [];

      before(async function () {
        if (backend === 'postgres') await requireServer('postgres').call(this);
        t = await openBackend(backend);
        // PostgreSQL: a second instance has its own connections to the same schema. PGlite lives in one process: its instances share the store.
        second = backend === 'postgres' ? await openStore({ url: process.env.DATABASE_URL, dataDir: tempDir(), schemaName: t.schemaName, poolSize: 2 }) : undefined;
      });
      after(async () => {
        for (const s of servers) await s.close();
        await second?.close();
        await t?.cleanup();
      });

      it('a reply stored by one instance reaches a stream held by another whose polling is off', async () => {
        // The safety-net poll is set to ten minutes: only the database's announcement can deliver in time.
        const a = await listen(buildWebchat(t.store, { pollMs: 600_000, signals: true }));
        const b = await listen(buildWebchat(second ?? t.store, { pollMs: 600_000, signals: true }));
        servers.push(a, b);
        const conv = await api(a.base, 'POST', '/conversations', SECRET);
        const id = conv.body.conversationId;
        const reconnect = await api(b.base, 'GET', `/conversations/${id}`, conv.body.token);
        const stream = await connect(reconnect.body.streamUrl);
        const sent = await api(a.base, 'POST', `/conversations/${id}/activities`, conv.body.token, { type: 'message', from: { id: 'u1' }, text: 'told, not polled' });
        const frame = await stream.next((f) => f.activities.some((x) => x.replyToId === sent.body.id), 5000);
        expect(frame.activities.map((x) => x.text)).to.include('echo: told, not polled');
        stream.ws.close();
      });
    });
  }
});
