import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { CASE_STATUSES, HANDOFF_REASONS, LANGUAGES } from '../../vocabulary';
import { HttpError, parseBody, parseQuery } from '../errors';
import type { OrderRepository } from '../../orders/repository';
import type { TranscriptStore } from '../../conversation/transcript';
import { agentOf, isAdmin, type AgentDirectory } from '../../handoff/agents';
import { authenticate, principal } from '../principal';
import { latestFacts, type CaseRepository } from '../../handoff/cases';
import type { CaseFeed, FeedEvent } from '../../handoff/feed';
import { CaseClosed, CaseNotFound, DeliveryFailed, type ActingAgent, type HandoffService } from '../../handoff/service';
import type { Db } from '../../store/db';

export interface CasesRouterDeps {
  db: Db;
  cases: CaseRepository;
  service: HandoffService;
  transcript: TranscriptStore;
  orders: OrderRepository;
  feed: CaseFeed;
  agents: AgentDirectory;
  adminKey: string;
  /** SSE keep-alive comment interval (proxies close idle streams). */
  heartbeatMs?: number;
}

const listQuery = z.object({
  status: z.enum([...CASE_STATUSES, 'active']).optional(),
  channel: z.string().max(100).optional(),
  // An empty filter (the inbox's "any") is no filter.
  reason: z.union([z.enum(HANDOFF_REASONS), z.literal('')]).optional(),
  language: z.union([z.enum(LANGUAGES), z.literal('')]).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
const textBody = z.object({ text: z.string().trim().min(1, { message: 'expected some text' }).max(4000) });
const assignBody = z.object({ agentId: z.number().int().positive() });
const idParam = z.coerce.number().int().positive();

/**
 * The case API (contract §8): admin key, an agent's API token, or the inbox's session
 * cookie (with X-CSRF-Token on changes). Assigning a case to someone else is for admins.
 */
export function casesRouter(deps: CasesRouterDeps): Router {
  const router = Router();
  router.use('/api/v1/cases', authenticate(deps), express.json({ limit: '64kb' }));

  router.get('/api/v1/cases', async (req, res) => {
    const q = parseQuery(listQuery, req.query);
    res.json({ cases: await deps.cases.list({ ...q, channel: q.channel || undefined, reason: q.reason || undefined, language: q.language || undefined }) });
  });

  router.get('/api/v1/cases/stream', (req, res) => streamCases(deps, req, res));

  router.get('/api/v1/cases/:id', async (req, res) => {
    const c = await caseParam(deps, req);
    const [transcript, notes, order] = await Promise.all([
      deps.transcript.transcript(c.conversationKey),
      deps.cases.notes(c.id),
      c.orderId ? deps.orders.get(c.orderId) : Promise.resolve(undefined),
    ]);
    const facts = c.facts ?? (await latestFacts(deps.db, c.conversationKey));
    res.json({ case: { ...c, facts }, transcript, notes, order: order ?? null });
  });

  router.post('/api/v1/cases/:id/messages', async (req, res) => {
    const id = idOf(req);
    const { text } = parseBody(textBody, req.body);
    const result = await run(() => deps.service.agentReply(id, actingAgent(res), text));
    res.status(201).json({ case: result.case, message: result.entry, providerMessageId: result.providerMessageId });
  });

  router.post('/api/v1/cases/:id/notes', async (req, res) => {
    const id = idOf(req);
    const { text } = parseBody(textBody, req.body);
    res.status(201).json({ note: await run(() => deps.service.note(id, actingAgent(res), text)) });
  });

  router.post('/api/v1/cases/:id/claim', async (req, res) => {
    const id = idOf(req);
    const agent = agentOf(principal(res));
    if (!agent) throw new HttpError(400, 'the admin key is not an agent: use /assign with an agentId');
    res.json({ case: await run(() => deps.service.claim(id, agent.id)) });
  });

  router.post('/api/v1/cases/:id/assign', async (req, res) => {
    const id = idOf(req);
    const { agentId } = parseBody(assignBody, req.body);
    const p = principal(res);
    // Agents may assign to themselves (a claim); giving a case to someone else is an admin's call.
    if (!isAdmin(p) && agentOf(p)?.id !== agentId) throw new HttpError(403, 'only an admin may assign a case to another agent');
    const target = await deps.agents.get(agentId);
    if (!target || target.disabled) throw new HttpError(400, 'no such agent', [{ path: 'agentId', message: 'unknown or disabled agent' }]);
    res.json({ case: await run(() => deps.service.assign(id, agentId)) });
  });

  router.post('/api/v1/cases/:id/resolve', async (req, res) => {
    const id = idOf(req);
    res.json({ case: await run(() => deps.service.resolve(id)) });
  });

  router.post('/api/v1/cases/:id/handback', async (req, res) => {
    const id = idOf(req);
    res.json({ case: await run(() => deps.service.handBack(id)) });
  });

  return router;
}

/**
 * Server-Sent Events: `case.created`, `case.updated` and `case.message`, fed by the
 * shared database poll (CaseFeed), so every instance streams every instance's changes.
 */
async function streamCases(deps: CasesRouterDeps, req: Request, res: Response): Promise<void> {
  res.status(200).set({
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    // nginx: do not buffer the stream.
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders();
  res.write('retry: 3000\n\n');
  const send = (event: FeedEvent) => res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
  const unsubscribe = await deps.feed.subscribe(send);
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), deps.heartbeatMs ?? 15_000);
  res.write('event: ready\ndata: {}\n\n');
  req.on('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
  });
}

function idOf(req: Request): number {
  const id = idParam.safeParse(req.params.id);
  if (!id.success) throw new HttpError(404, 'no such case');
  return id.data;
}

async function caseParam(deps: CasesRouterDeps, req: Request) {
  const c = await deps.cases.get(idOf(req));
  if (!c) throw new HttpError(404, 'no such case');
  return c;
}

function actingAgent(res: Response): ActingAgent {
  const agent = agentOf(principal(res));
  return agent ? { id: agent.id, name: agent.name } : { name: 'admin' };
}

/** Service errors as HTTP statuses. */
async function run<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (err) {
    if (err instanceof CaseNotFound) throw new HttpError(404, 'no such case');
    if (err instanceof CaseClosed) throw new HttpError(409, err.message);
    if (err instanceof DeliveryFailed) throw new HttpError(502, err.message);
    throw err;
  }
}
