import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/**
 * What the database's triggers announce (migration 0013): `directline` with the conversation ids
 * whose activities were stored ("*": too many to list), `cases` when a case or a transcript message
 * was written. Listeners get the payload without its schema; notices of other schemas sharing the
 * database are dropped.
 */
export type SignalChannel = 'directline' | 'cases';
export type SignalListener = (payload: string) => void;

export interface Signals {
  listen(channel: SignalChannel, listener: SignalListener): () => void;
  close(): Promise<void>;
}

const channelName = (channel: SignalChannel) => `wismo_${channel}`;

/** Listeners by channel, fed the payloads of this schema. */
class Listeners {
  private readonly byChannel = new Map<SignalChannel, Set<SignalListener>>();

  constructor(private readonly schemaName: string) {}

  add(channel: SignalChannel, listener: SignalListener): () => void {
    const set = this.byChannel.get(channel) ?? new Set<SignalListener>();
    set.add(listener);
    this.byChannel.set(channel, set);
    return () => void set.delete(listener);
  }

  dispatch(channel: SignalChannel, payload: string): void {
    const [schema, ...rest] = payload.split(' ');
    if (schema !== this.schemaName) return;
    for (const listener of this.byChannel.get(channel) ?? []) listener(rest.join(' '));
  }
}

/** Seconds between attempts to listen again after the listening connection was lost. */
const RECONNECT_MS = 2000;

/**
 * LISTEN on a connection of its own (a pooled one would be handed to queries). A lost
 * connection is opened again; what was stored meanwhile is found by the listeners' own
 * slow polling, which stays as the safety net.
 */
export class PostgresSignals implements Signals {
  private readonly listeners: Listeners;
  private client?: pg.Client;
  private closed = false;
  private retry?: NodeJS.Timeout;

  constructor(private readonly url: string, schemaName: string, private readonly onError?: (err: Error) => void) {
    this.listeners = new Listeners(schemaName);
  }

  async start(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ connectionString: this.url });
    client.on('notification', (n) => {
      const channel = n.channel === 'wismo_directline' ? 'directline' : n.channel === 'wismo_cases' ? 'cases' : undefined;
      if (channel && n.payload) this.listeners.dispatch(channel, n.payload);
    });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${channelName('directline')}; LISTEN ${channelName('cases')}`);
      this.client = client;
    } catch (err) {
      this.lost(client, err as Error);
    }
  }

  listen(channel: SignalChannel, listener: SignalListener): () => void {
    return this.listeners.add(channel, listener);
  }

  private lost(client: pg.Client, err?: Error): void {
    if (this.client === client) this.client = undefined;
    client.removeAllListeners('end');
    client.end().catch(() => undefined);
    if (err) this.onError?.(err);
    if (this.closed || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.start();
    }, RECONNECT_MS);
    this.retry.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    if (client) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
    }
  }
}

/** PGlite's own LISTEN (the database is in this process: its notifications arrive here). */
export async function pgliteSignals(client: PGlite, schemaName: string): Promise<Signals> {
  const listeners = new Listeners(schemaName);
  const unlisten = await Promise.all((['directline', 'cases'] as const).map((channel) =>
    client.listen(channelName(channel), (payload) => listeners.dispatch(channel, payload))));
  return {
    listen: (channel, listener) => listeners.add(channel, listener),
    close: async () => { await Promise.allSettled(unlisten.map((u) => u())); },
  };
}
