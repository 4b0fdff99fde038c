import http from 'node:http';
import type { AddressInfo } from 'node:net';
import crypto from 'node:crypto';

/**
 * A local Graph API speaking the Messenger Send API wire format
 * (docs: formats.md §2 and §6): `POST /{version}/me/messages` and the handover protocol.
 */
export interface RecordedGraphRequest {
  method: string;
  path: string;
  accessToken: string | null;
  body: any;
  status: number;
}

export interface SentMessage {
  recipientId: string;
  messagingType: string;
  tag?: string;
  message?: { text?: string; quick_replies?: { content_type: string; title: string; payload: string }[]; attachment?: unknown };
  senderAction?: string;
  messageId: string;
}

export interface ThreadControlCall {
  action: 'pass_thread_control' | 'take_thread_control' | 'request_thread_control';
  recipientId: string;
  targetAppId?: string;
  metadata?: string;
}

export interface FakeGraph {
  /** Base URL including the version, for GRAPH_API_BASE_URL. */
  baseUrl: string;
  requests: RecordedGraphRequest[];
  /** Messages the fake accepted, in order. */
  sent: SentMessage[];
  threadControl: ThreadControlCall[];
  /** PSIDs whose 24-hour window has closed: untagged sends answer 10/2018278. */
  outOfWindow: Set<string>;
  /** PSIDs that blocked the Page: sends answer 551. */
  blocked: Set<string>;
  /** The next `count` sends fail with a transient error (HTTP 500, code 2) before reaching anyone. */
  failNext(count?: number): void;
  /** Waits until at least `count` messages were accepted. */
  waitForSent(count: number, timeoutMs?: number): Promise<SentMessage[]>;
  reset(): void;
  close(): Promise<void>;
}

const MESSAGING_TYPES = new Set(['RESPONSE', 'UPDATE', 'MESSAGE_TAG']);
const TAGS = new Set(['HUMAN_AGENT', 'ACCOUNT_UPDATE', 'CONFIRMED_EVENT_UPDATE', 'POST_PURCHASE_UPDATE']);
const SENDER_ACTIONS = new Set(['typing_on', 'typing_off', 'mark_seen']);

export async function startFakeGraph(options: { pageToken: string; version?: string }): Promise<FakeGraph> {
  const version = options.version ?? 'v25.0';
  const state = { failures: 0 };
  const fake: Omit<FakeGraph, 'baseUrl' | 'close'> = {
    requests: [],
    sent: [],
    threadControl: [],
    outOfWindow: new Set(),
    blocked: new Set(),
    failNext: (count = 1) => { state.failures += count; },
    waitForSent: async (count, timeoutMs = 5000) => {
      const deadline = Date.now() + timeoutMs;
      while (fake.sent.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} sent messages, got ${fake.sent.length}: ${JSON.stringify(fake.sent.map((m) => m.message?.text))}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return fake.sent;
    },
    reset: () => {
      fake.requests.length = 0;
      fake.sent.length = 0;
      fake.threadControl.length = 0;
      fake.outOfWindow.clear();
      fake.blocked.clear();
      state.failures = 0;
    },
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      let body: any = {};
      try {
        const raw = Buffer.concat(chunks).toString('utf8');
        body = raw === '' ? {} : JSON.parse(raw);
      } catch {
        body = undefined;
      }
      const accessToken = url.searchParams.get('access_token') ?? (body && typeof body.access_token === 'string' ? body.access_token : null);
      const answer = (status: number, payload: unknown) => {
        fake.requests.push({ method: req.method ?? '', path: url.pathname, accessToken, body, status });
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      const error = (status: number, code: number, message: string, subcode?: number, type = 'OAuthException') =>
        answer(status, { error: { message, type, code, ...(subcode ? { error_subcode: subcode } : {}), fbtrace_id: crypto.randomBytes(8).toString('base64url') } });

      if (req.method !== 'POST') return error(400, 100, 'Unsupported method');
      if (body === undefined) return error(400, 100, 'Invalid JSON body');
      if (accessToken !== options.pageToken) return error(401, 190, 'Invalid OAuth access token - Cannot parse access token');

      const m = new RegExp(`^/${version.replace('.', '\\.')}/(me|\\d+)/(messages|pass_thread_control|take_thread_control|request_thread_control)$`).exec(url.pathname);
      if (!m) return error(404, 803, `Unknown path ${url.pathname}`);
      const recipientId = body.recipient?.id;
      if (typeof recipientId !== 'string' || recipientId === '') return error(400, 100, '(#100) The parameter recipient is required');

      if (m[2] !== 'messages') {
        const action = m[2] as ThreadControlCall['action'];
        if (action === 'pass_thread_control' && !body.target_app_id) return error(400, 100, '(#100) The parameter target_app_id is required');
        fake.threadControl.push({ action, recipientId, targetAppId: body.target_app_id !== undefined ? String(body.target_app_id) : undefined, metadata: body.metadata });
        return answer(200, { success: true });
      }

      const messagingType = body.messaging_type;
      const senderAction = body.sender_action;
      if (senderAction === undefined) {
        if (!MESSAGING_TYPES.has(messagingType)) return error(400, 100, '(#100) Param messaging_type must be one of {RESPONSE, UPDATE, MESSAGE_TAG}');
        if (messagingType === 'MESSAGE_TAG' && !TAGS.has(body.tag)) return error(400, 100, '(#100) Param tag must be a valid message tag');
        const text = body.message?.text;
        if ((typeof text !== 'string' || text === '') && body.message?.attachment === undefined) return error(400, 100, '(#100) Message must contain text or an attachment');
        if (typeof text === 'string' && text.length > 2000) return error(400, 100, '(#100) Param message[text] must be at most 2000 characters');
        const replies = body.message?.quick_replies;
        if (replies !== undefined && (!Array.isArray(replies) || replies.length > 13 || replies.some((q: any) => q.content_type === 'text' && (typeof q.title !== 'string' || q.title.length > 20 || !q.payload)))) {
          return error(400, 100, '(#100) Invalid quick_replies');
        }
      } else if (!SENDER_ACTIONS.has(senderAction)) {
        return error(400, 100, '(#100) Invalid sender_action');
      }

      if (state.failures > 0) {
        state.failures--;
        return answer(500, { error: { message: 'An unexpected error has occurred. Please retry your request later.', type: 'OAuthException', code: 2, is_transient: true, fbtrace_id: crypto.randomBytes(8).toString('base64url') } });
      }
      if (fake.blocked.has(recipientId)) return error(400, 551, 'This person isn\'t available right now.', 1545041);
      if (fake.outOfWindow.has(recipientId) && messagingType !== 'MESSAGE_TAG') {
        return error(400, 10, '(#10) This message is sent outside of allowed window.', 2018278);
      }
      const messageId = `m_${crypto.randomBytes(12).toString('base64url')}`;
      fake.sent.push({ recipientId, messagingType, tag: body.tag, message: body.message, senderAction, messageId });
      return answer(200, { recipient_id: recipientId, message_id: messageId });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    baseUrl: `http://127.0.0.1:${port}/${version}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
