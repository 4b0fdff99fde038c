import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import { openStore, type Store } from '../../src/store/db';
import { OrderRepository } from '../../src/orders/repository';
import { orderSchema } from '../../src/orders/contract';
import { demoOrders } from '../../src/app/demo-shop';
import { TranscriptStore, type TranscriptEntry } from '../../src/conversation/transcript';
import { createLogger } from '../../src/log/logger';
import { JobQueue } from '../../src/queue';
import { createApp } from '../../src/http/app';
import { createHandoff, type Handoff, type HandoffConfig } from '../../src/app/handoff';
import type { Channel, ConversationAddress, ProactiveMessage } from '../../channels/kit/channel';
import type { FactSheetRef } from '../../src/vocabulary/fact-sheet';
import { off } from '../../src/vocabulary';

export const ADMIN_KEY = 'test-admin-key-0123456789';

/** A settable clock for the reopen rule and ETAs. */
export class TestClock {
  constructor(public current = new Date('2026-11-24T15:00:00Z')) {}
  now = (): Date => new Date(this.current);
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** A channel that keeps what it is asked to send and the handoff hooks it gets. */
export class FakeChannel implements Channel {
  readonly sent: { address: ConversationAddress; message: ProactiveMessage }[] = [];
  readonly hooks: { hook: 'started' | 'ended'; address: ConversationAddress }[] = [];
  fail?: string;
  constructor(readonly name = 'webchat', readonly serves = ['webchat']) {}
  status() { return off('test channel'); }
  async deliver(address: ConversationAddress, message: ProactiveMessage) {
    if (this.fail) return { ok: false as const, reason: this.fail, permanent: true };
    this.sent.push({ address, message });
    return { ok: true as const, providerMessageId: `m${this.sent.length}` };
  }
  async handoffStarted(address: ConversationAddress) { this.hooks.push({ hook: 'started', address }); }
  async handoffEnded(address: ConversationAddress) { this.hooks.push({ hook: 'ended', address }); }
}

export interface HandoffFixture {
  store: Store;
  orders: OrderRepository;
  transcript: TranscriptStore;
  handoff: Handoff;
  channel: FakeChannel;
  clock: TestClock;
  app: Express;
  close(): Promise<void>;
}

export function handoffConfig(overrides: Partial<HandoffConfig> = {}): HandoffConfig {
  return {
    ADMIN_API_KEY: ADMIN_KEY,
    SUPPORT_HOURS: 'mon-fri 09:00-17:00',
    SUPPORT_REPLY_HOURS: 2,
    SHOP_TIMEZONE: 'UTC',
    CASE_REOPEN_HOURS: 48,
    PUBLIC_BASE_URL: 'http://localhost:3000',
    ...overrides,
  };
}

/** One in-memory store per test file (opening PGlite takes seconds), demo orders loaded. */
/**
 * `clock`: the fixture's clock (default: a fixed Tuesday afternoon, inside support hours).
 * Tests that a real browser takes part in pass one set to now: the browser keeps real time.
 */
export async function handoffFixture(overrides: Partial<HandoffConfig> = {}, opts: { queue?: JobQueue; clock?: TestClock } = {}): Promise<HandoffFixture> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wismo-handoff-'));
  const store = await openStore({ url: 'pglite://memory', dataDir });
  const logger = createLogger('silent');
  const orders = new OrderRepository(store.db);
  await orders.upsert(demoOrders().map((o) => orderSchema.parse(o)));
  const transcript = new TranscriptStore(store.db);
  const channel = new FakeChannel();
  const clock = opts.clock ?? new TestClock();
  const queue = opts.queue ?? JobQueue.disabled(logger);
  const handoff = createHandoff({ config: handoffConfig(overrides), db: store.db, orders, transcript, queue, logger, channels: () => [channel], clock: clock.now });
  const app = createApp({ logger, routers: handoff.routers });
  return {
    store, orders, transcript, handoff, channel, clock, app,
    close: async () => {
      await handoff.close();
      await store.close();
    },
  };
}

let seq = 0;

/** A stored web chat conversation with a shopper turn and a bot answer carrying a fact sheet. */
export async function seedConversation(f: Pick<HandoffFixture, 'transcript'>, opts: { orderId?: string; facts?: FactSheetRef; at?: Date } = {}) {
  const conversationId = `conv-${++seq}-${Date.now()}`;
  const key = TranscriptStore.key('webchat', conversationId);
  const senderId = `user-${seq}`;
  const at = opts.at ?? new Date();
  await f.transcript.saveTurn(key, 'webchat', senderId, { linkedOrderId: opts.orderId, language: 'es' }, []);
  const entries: TranscriptEntry[] = [
    { direction: 'in', text: 'mi pedido llegó roto', intent: 'delivery_problem', orderId: opts.orderId, language: 'es', at },
    { direction: 'out', text: 'Lo siento: el pedido figura como entregado.', intent: 'delivery_problem', orderId: opts.orderId, language: 'es', facts: opts.facts, at },
  ];
  await f.transcript.record(key, 'webchat', senderId, entries);
  return { key, conversationId, senderId };
}

export function factSheet(orderId: string): FactSheetRef {
  return {
    orderId,
    builtAt: '2026-11-24T10:00:00Z',
    facts: [
      { key: 'status', value: 'delivered', source: 'shipment S1' },
      { key: 'delivered_at', value: '2026-11-23', source: 'carrier event' },
      { key: 'carrier', value: 'ups', source: 'shipment S1' },
    ],
  };
}
