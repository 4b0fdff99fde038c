import { ActivityStore } from '../../../src/messaging/directline-log';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ActivityHandler, type TurnContext } from 'botbuilder';
import { CHANNEL_NAME, PROVEN_IDENTITY } from '../../../src/bot/wismo-bot';
import { loadConfig, type Config } from '../../../src/config';
import { createApp } from '../../../src/http/app';
import { createLogger } from '../../../src/log/logger';
import { openStore, type Store } from '../../../src/store/db';
import { createWebchatChannel, type WebchatDeps } from '../../../channels/webchat';

export const SECRET = 'test-directline-secret-0123456789';
export const STORE_SECRET = 'test-store-user-token-secret-42';

export interface SeenTurn {
  text: string;
  fromId: string;
  channel: unknown;
  proven: unknown;
  channelData: unknown;
}

/** A stand-in for the real engine: echoes with the contract §3 summary, records what each turn saw. */
export class EchoBot extends ActivityHandler {
  readonly turns: SeenTurn[] = [];
  /** Milliseconds each turn waits before answering (ordering tests). */
  delayMs = 0;

  constructor() {
    super();
    this.onMessage(async (context: TurnContext, next) => {
      const text = context.activity.text ?? '';
      this.turns.push({
        text,
        fromId: context.activity.from.id,
        channel: context.turnState.get(CHANNEL_NAME),
        proven: context.turnState.get(PROVEN_IDENTITY),
        channelData: context.activity.channelData,
      });
      if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
      if (text === 'fail please') {
        await context.sendActivity({ type: 'message', text: 'half an answer' });
        throw new Error('the engine broke');
      }
      await context.sendActivity({
        type: 'message',
        text: `echo: ${text}`,
        channelData: { wismo: { intent: text.includes('order') ? 'order_status' : 'other', handoff: false } },
      });
      await next();
    });
  }
}

export function testConfig(env: Record<string, string> = {}): Config {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wismo-webchat-cfg-'));
  return loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    ADMIN_API_KEY: 'admin-key-for-tests-0123456789',
    DIRECTLINE_SECRET: SECRET,
    SHOP_NAME: 'Acme Outfitters',
    SHOP_PRIMARY_COLOR: '#aa3355',
    ...env,
  });
}

export async function openTestStore(): Promise<Store> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wismo-webchat-db-'));
  return openStore({ url: 'pglite://memory', dataDir });
}

export function buildWebchat(store: Store, options: { config?: Config; bot?: ActivityHandler; now?: () => number; pollMs?: number; keepAliveMs?: number; signals?: boolean } = {}) {
  const deps: WebchatDeps = {
    config: options.config ?? testConfig({ STORE_USER_TOKEN_SECRET: STORE_SECRET }),
    activities: new ActivityStore(store.db, options.signals ? store.signals : undefined),
    bot: options.bot ?? new EchoBot(),
    logger: createLogger('silent'),
    options: { now: options.now, streamPollIntervalMs: options.pollMs ?? 100, keepAliveMs: options.keepAliveMs, turnTimeoutMs: 5000 },
  };
  const channel = createWebchatChannel(deps);
  const app = createApp({ logger: createLogger('silent'), routers: [channel.router] });
  return { channel, app };
}

/** An HS256 JWT signed the way a merchant's site would (independent of the code under test). */
export function storeUserToken(claims: Record<string, unknown>, secret = STORE_SECRET): string {
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const body = `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc(claims)}`;
  return `${body}.${crypto.createHmac('sha256', secret).update(body).digest('base64url')}`;
}

/** Serves the app on a random local port with the channel's WebSocket upgrade attached. */
export async function listen(built: ReturnType<typeof buildWebchat>): Promise<{ server: http.Server; base: string; close(): Promise<void> }> {
  const server = http.createServer(built.app);
  built.channel.attach(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    base: `http://127.0.0.1:${port}`,
    close: async () => {
      await built.channel.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
