import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../../src/log/logger';
import { CONVERSATION_ID, type ActivityStore, type StoredActivity } from '../../src/messaging/directline-log';
import type { DirectLineTokens } from './tokens';

const STREAM_PATH = /^\/v3\/directline\/conversations\/([^/]+)\/stream$/;
/** Conversations per polling query (keeps the SQL small with many open streams). */
const POLL_BATCH = 200;
const POLL_ROW_LIMIT = 1000;
/** The shared loop's period when nothing announces stores, and when the database does (a safety net). */
const POLL_MS = 300;
const ANNOUNCED_POLL_MS = 10_000;
/** A client that does not read its frames is dropped rather than buffered forever. */
const MAX_BUFFERED_BYTES = 1 << 20;

interface Subscriber {
  ws: WebSocket;
  conversationId: string;
  /** Last seq sent to this socket. */
  watermark: number;
  alive: boolean;
}

export interface StreamHubOptions {
  store: ActivityStore;
  tokens: DirectLineTokens;
  logger: Logger;
  /** How often the shared loop reads new activities of connected conversations (default: 300 ms, or 10 s when the store announces what it stored). */
  pollIntervalMs?: number;
  /** Empty keep-alive frames and ping/pong liveness checks. */
  keepAliveMs?: number;
}

/**
 * The Direct Line WebSocket streams. Streams are fed from the database, not from memory: one
 * shared loop reads new rows of every connected conversation when the database announces that
 * activities of one of them were stored (LISTEN/NOTIFY, by any instance), when this instance
 * stored some, and every pollIntervalMs as a safety net. So a reply stored by any instance (or a
 * proactive message from a worker) reaches a socket held by any other instance at once.
 */
export class StreamHub {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 });
  private readonly subscribers = new Map<string, Set<Subscriber>>();
  private readonly pollTimer: NodeJS.Timeout;
  private readonly keepAliveTimer: NodeJS.Timeout;
  private polling = false;
  private pollAgain = false;
  private closed = false;

  private readonly stopListening: () => void;

  constructor(private readonly options: StreamHubOptions) {
    // Told by the database what any instance stored, the loop reads then; the timer is the safety net.
    this.stopListening = options.store.onStored((ids) => {
      if (ids === '*') setImmediate(() => void this.poll());
      else if (ids.some((id) => this.subscribers.has(id))) setImmediate(() => void this.poll());
    });
    this.pollTimer = setInterval(() => void this.poll(), options.pollIntervalMs ?? (options.store.announced ? ANNOUNCED_POLL_MS : POLL_MS));
    this.pollTimer.unref();
    this.keepAliveTimer = setInterval(() => this.keepAlive(), options.keepAliveMs ?? 20_000);
    this.keepAliveTimer.unref();
  }

  /** Handles upgrades to /v3/directline/conversations/:id/stream; other paths are left to other listeners. */
  attach(server: http.Server): void {
    server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const match = STREAM_PATH.exec(url.pathname);
      if (!match) {
        // Nobody else listens for upgrades: do not leave the socket hanging.
        if (server.listenerCount('upgrade') === 1) socket.destroy();
        return;
      }
      socket.on('error', () => socket.destroy());
      void this.upgrade(req, socket, head, decodeURIComponent(match[1]), url.searchParams);
    });
  }

  /** Activities of this conversation were stored here: push them now rather than at the next tick. */
  nudge(conversationId: string): void {
    if (this.subscribers.has(conversationId)) setImmediate(() => void this.poll());
  }

  get connections(): number {
    let n = 0;
    for (const set of this.subscribers.values()) n += set.size;
    return n;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopListening();
    clearInterval(this.pollTimer);
    clearInterval(this.keepAliveTimer);
    for (const set of this.subscribers.values()) for (const s of set) s.ws.close(1001, 'server shutting down');
    this.subscribers.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private async upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer, conversationId: string, params: URLSearchParams): Promise<void> {
    const watermarkParam = params.get('watermark') ?? '';
    if (this.closed || !CONVERSATION_ID.test(conversationId)) return reject(socket, 404, 'Not Found');
    if (!this.options.tokens.checkStream(params.get('t') ?? '', conversationId)) return reject(socket, 403, 'Forbidden');
    if (!/^\d{0,15}$/.test(watermarkParam)) return reject(socket, 400, 'Bad Request');
    try {
      if (!(await this.options.store.conversationExists(conversationId))) return reject(socket, 404, 'Not Found');
    } catch (err) {
      this.options.logger.error({ err }, 'direct line stream: conversation lookup failed');
      return reject(socket, 503, 'Service Unavailable');
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.subscribe(ws, conversationId, Number(watermarkParam || '0')));
  }

  private subscribe(ws: WebSocket, conversationId: string, watermark: number): void {
    const subscriber: Subscriber = { ws, conversationId, watermark, alive: true };
    const set = this.subscribers.get(conversationId) ?? new Set<Subscriber>();
    set.add(subscriber);
    this.subscribers.set(conversationId, set);
    // Clients only send empty pings; nothing they send is read.
    ws.on('pong', () => { subscriber.alive = true; });
    ws.on('error', () => ws.terminate());
    ws.on('close', () => this.unsubscribe(subscriber));
    // The backlog after the stream's watermark goes out with the next (immediate) poll.
    setImmediate(() => void this.poll());
  }

  private unsubscribe(subscriber: Subscriber): void {
    const set = this.subscribers.get(subscriber.conversationId);
    if (!set) return;
    set.delete(subscriber);
    if (set.size === 0) this.subscribers.delete(subscriber.conversationId);
  }

  /** One pass of the shared loop; a pass requested while one runs starts right after it. */
  private async poll(): Promise<void> {
    if (this.subscribers.size === 0 || this.closed) return;
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    this.polling = true;
    try {
      const conversations = [...this.subscribers.entries()];
      for (let i = 0; i < conversations.length; i += POLL_BATCH) {
        const watermarks = new Map<string, number>();
        for (const [id, subs] of conversations.slice(i, i + POLL_BATCH)) watermarks.set(id, Math.min(...[...subs].map((s) => s.watermark)));
        const rows = await this.options.store.afterEach(watermarks, POLL_ROW_LIMIT);
        this.deliver(rows);
      }
    } catch (err) {
      this.options.logger.warn({ err }, 'direct line stream: polling failed; retrying');
    } finally {
      this.polling = false;
      if (this.pollAgain) {
        this.pollAgain = false;
        setImmediate(() => void this.poll());
      }
    }
  }

  private deliver(rows: StoredActivity[]): void {
    const byConversation = new Map<string, StoredActivity[]>();
    for (const row of rows) byConversation.set(row.conversationId, [...(byConversation.get(row.conversationId) ?? []), row]);
    for (const [conversationId, list] of byConversation) {
      for (const subscriber of this.subscribers.get(conversationId) ?? []) {
        const fresh = list.filter((r) => r.seq > subscriber.watermark);
        if (fresh.length === 0) continue;
        subscriber.watermark = fresh[fresh.length - 1].seq;
        this.send(subscriber, JSON.stringify({ activities: fresh.map((r) => r.activity), watermark: String(subscriber.watermark) }));
      }
    }
  }

  private keepAlive(): void {
    for (const set of this.subscribers.values()) {
      for (const subscriber of set) {
        if (!subscriber.alive) {
          subscriber.ws.terminate();
          continue;
        }
        subscriber.alive = false;
        subscriber.ws.ping();
        // Direct Line's keep-alive: an empty frame, which clients skip.
        this.send(subscriber, '');
      }
    }
  }

  private send(subscriber: Subscriber, frame: string): void {
    const { ws } = subscriber;
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      ws.terminate();
      return;
    }
    ws.send(frame, (err) => {
      if (err) ws.terminate();
    });
  }
}

function reject(socket: Duplex, status: number, reason: string): void {
  if (!socket.destroyed) socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
