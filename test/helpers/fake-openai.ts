import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local OpenAI-compatible server for tests: `POST /v1/chat/completions` answers with
 * the real response shape, one scripted reply per request, and records every request
 * so a test can assert exactly what the model was sent.
 */

export type ScriptedReply =
  | { toolCall: { name: string; arguments: string }; finishReason?: string }
  | { content: string; finishReason?: string }
  | { refusal: string }
  | { status: number; message?: string };

export interface RecordedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The parsed JSON body (model, messages, tools, tool_choice...). */
  body: ChatRequestBody;
  /** The raw body, for "is this string anywhere in the request" assertions. */
  raw: string;
}

export interface ChatRequestBody {
  model: string;
  messages: { role: string; content: string }[];
  tools?: { type: string; function: { name: string; parameters: unknown; strict?: boolean } }[];
  tool_choice?: unknown;
  [key: string]: unknown;
}

export interface FakeOpenAi {
  /** Base URL for the client, ending in /v1. */
  baseUrl: string;
  requests: RecordedRequest[];
  /** Queues replies, used in order; each may be delayed. */
  script(...replies: (ScriptedReply & { delayMs?: number })[]): void;
  close(): Promise<void>;
}

export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const queue: (ScriptedReply & { delayMs?: number })[] = [];
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let counter = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return sendJson(res, 404, apiError('not found', 'invalid_request_error'));
      let body: ChatRequestBody;
      try {
        body = JSON.parse(raw) as ChatRequestBody;
      } catch {
        return sendJson(res, 400, apiError('invalid JSON body', 'invalid_request_error'));
      }
      requests.push({ path: req.url, headers: req.headers, body, raw });
      const reply = queue.shift() ?? { status: 500, message: 'no scripted reply' };
      const answer = () => respond(res, reply, body.model, ++counter);
      if (!reply.delayMs) return answer();
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!res.destroyed) answer();
      }, reply.delayMs);
      timers.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    script: (...replies) => queue.push(...replies),
    close: async () => {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function respond(res: http.ServerResponse, reply: ScriptedReply, model: string, n: number): void {
  if ('status' in reply) {
    const type = reply.status === 429 ? 'rate_limit_exceeded' : 'server_error';
    return sendJson(res, reply.status, apiError(reply.message ?? `scripted ${reply.status}`, type));
  }
  const message =
    'toolCall' in reply
      ? { role: 'assistant', content: null, refusal: null, tool_calls: [{ id: `call_${n}`, type: 'function', function: reply.toolCall }] }
      : 'refusal' in reply
        ? { role: 'assistant', content: null, refusal: reply.refusal }
        : { role: 'assistant', content: reply.content, refusal: null };
  const finishReason = 'finishReason' in reply && reply.finishReason ? reply.finishReason : 'toolCall' in reply ? 'tool_calls' : 'stop';
  sendJson(res, 200, {
    id: `chatcmpl-fake${n}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
    usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
  });
}

function apiError(message: string, type: string) {
  return { error: { message, type, param: null, code: type } };
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
