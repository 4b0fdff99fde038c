import crypto from 'node:crypto';
import express, { type Request, type RequestHandler, type Router } from 'express';
import type { ActivityHandler } from 'botbuilder';
import { z } from 'zod';
import { parseBody } from '../../src/http/errors';
import { CONVERSATION_ID, newConversationId, type ActivityStore } from '../../src/messaging/directline-log';
import type { DirectLineAdapter } from './adapter';
import { authenticate, authorizeConversation, type Caller } from './auth';
import { badArgument, directLineErrorHandler, DirectLineError } from './errors';
import { inboundActivitySchema, userActivity } from './inbound';
import type { TokenIssuer } from './token-issuer';
import type { DirectLineTokens } from './tokens';

/** Activities per GET page; clients page on with the watermark. */
const PAGE_SIZE = 500;

export interface DirectLineRouteDeps {
  store: ActivityStore;
  tokens: DirectLineTokens;
  issuer: TokenIssuer;
  adapter: DirectLineAdapter;
  bot: ActivityHandler;
  botAccount: { id: string; name: string };
  /** Bytes. */
  bodyLimit: number;
}

const generateSchema = z
  .object({
    user: z
      .object({
        id: z.string().max(256).regex(/^dl_[A-Za-z0-9_.:@-]+$/, 'user ids in a token must start with dl_').optional(),
        name: z.string().max(256).optional(),
      })
      .optional(),
    trustedOrigins: z.array(z.string().max(2048)).max(50).optional(),
    userToken: z.string().min(1).max(8192).optional(),
  })
  .optional();

/**
 * The Direct Line 3.0 subset Web Chat and plain HTTP clients use (contract §2), under
 * /v3/directline: tokens, conversations, activities and stream URLs.
 */
export function directLineRouter(deps: DirectLineRouteDeps): Router {
  const router = express.Router();
  // Web Chat may be embedded on the merchant's own site: bearer tokens, no cookies, so any origin may call.
  router.use(cors);
  router.use(express.json({ limit: deps.bodyLimit }));

  router.post('/tokens/generate', (req, res) => {
    const caller = authenticate(req.headers.authorization, deps.tokens);
    if (caller.kind !== 'secret') throw new DirectLineError(403, 'Forbidden', 'generating a token needs the Direct Line secret');
    const body = parseBody(generateSchema, req.body);
    res.json(deps.issuer.issue({ userId: body?.user?.id, userName: body?.user?.name, userToken: body?.userToken }));
  });

  router.post('/tokens/refresh', (req, res) => {
    const caller = authenticate(req.headers.authorization, deps.tokens);
    if (caller.kind !== 'token') throw new DirectLineError(400, 'BadArgument', 'refresh takes a token, not the secret');
    const { conversationId, userId, userName, identity, verifiedOrderId } = caller.claims;
    const { token, expiresIn } = deps.tokens.issue({ conversationId, userId, userName, identity, verifiedOrderId });
    res.json({ conversationId, token, expires_in: expiresIn });
  });

  router.post('/conversations', async (req, res) => {
    const caller = authenticate(req.headers.authorization, deps.tokens);
    if (caller.kind === 'secret') {
      const conversationId = newConversationId();
      await deps.store.openConversation(conversationId);
      const { token, expiresIn } = deps.tokens.issue({ conversationId });
      res.status(201).json({ conversationId, token, expires_in: expiresIn, streamUrl: streamUrl(req, deps.tokens, conversationId, 0) });
      return;
    }
    const { conversationId, userId } = caller.claims;
    const opened = await deps.store.openConversation(conversationId, userId);
    res.status(opened === 'created' ? 201 : 200).json({
      conversationId,
      token: caller.token,
      expires_in: deps.tokens.secondsLeft(caller.claims),
      streamUrl: streamUrl(req, deps.tokens, conversationId, 0),
    });
  });

  // Reconnect: a fresh stream URL starting after the client's watermark.
  router.get('/conversations/:conversationId', async (req, res) => {
    const { caller, conversationId } = await openConversation(req, deps);
    const watermark = parseWatermark(req.query.watermark);
    const { token, expiresIn } =
      caller.kind === 'token' ? { token: caller.token, expiresIn: deps.tokens.secondsLeft(caller.claims) } : deps.tokens.issue({ conversationId });
    res.json({ conversationId, token, expires_in: expiresIn, streamUrl: streamUrl(req, deps.tokens, conversationId, watermark) });
  });

  router.post('/conversations/:conversationId/activities', async (req, res) => {
    const { caller, conversationId } = await openConversation(req, deps);
    const input = parseBody(inboundActivitySchema, req.body);
    const activity = userActivity(input, { conversationId, caller, bot: deps.botAccount });
    // Typing indicators are not kept (nobody else reads this conversation) and never reach the bot.
    if (activity.type === 'typing') {
      res.json({ id: `${conversationId}|typing-${crypto.randomBytes(4).toString('hex')}` });
      return;
    }
    const identity = caller.kind === 'token' ? caller.claims.identity : undefined;
    const verifiedOrderId = caller.kind === 'token' ? caller.claims.verifiedOrderId : undefined;
    // req.ip honours TRUST_PROXY: behind a load balancer it is the shopper's address, not the balancer's.
    const { id } = await deps.adapter.receive(activity, (context) => deps.bot.run(context), identity, req.ip, verifiedOrderId);
    res.json({ id });
  });

  router.get('/conversations/:conversationId/activities', async (req, res) => {
    const { conversationId } = await openConversation(req, deps);
    const watermark = parseWatermark(req.query.watermark);
    const rows = await deps.store.after(conversationId, watermark, PAGE_SIZE);
    const last = rows.length > 0 ? rows[rows.length - 1].seq : watermark;
    // As on Direct Line, typing only travels on the stream.
    res.json({ activities: rows.map((r) => r.activity).filter((a) => a.type !== 'typing'), watermark: String(last) });
  });

  router.use(directLineErrorHandler);
  return router;
}

/** Authenticates, checks the conversation is the token's, and that it exists (a valid token's conversation is created on first use). */
async function openConversation(req: Request, deps: DirectLineRouteDeps): Promise<{ caller: Caller; conversationId: string }> {
  const caller = authenticate(req.headers.authorization, deps.tokens);
  const conversationId = String(req.params.conversationId);
  authorizeConversation(caller, conversationId);
  if (!CONVERSATION_ID.test(conversationId)) throw new DirectLineError(404, 'NotFound', 'unknown conversation');
  if (caller.kind === 'token') await deps.store.openConversation(conversationId, caller.claims.userId);
  else if (!(await deps.store.conversationExists(conversationId))) throw new DirectLineError(404, 'NotFound', 'unknown conversation');
  return { caller, conversationId };
}

function parseWatermark(value: unknown): number {
  if (value === undefined || value === '' || value === 'null' || value === 'undefined') return 0;
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value)) throw badArgument('watermark', 'expected a watermark from a previous answer');
  return Number(value);
}

/** ws(s)://<the host the client used>/v3/directline/conversations/:id/stream?watermark=&t=<stream token>. */
function streamUrl(req: Request, tokens: DirectLineTokens, conversationId: string, watermark: number): string {
  const scheme = req.protocol === 'https' ? 'wss' : 'ws';
  const query = new URLSearchParams({ watermark: String(watermark), t: tokens.issueStream(conversationId) });
  return `${scheme}://${req.get('host')}/v3/directline/conversations/${encodeURIComponent(conversationId)}/stream?${query}`;
}

const cors: RequestHandler = (req, res, next) => {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, x-ms-bot-agent, x-requested-with');
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
  res.setHeader('Access-Control-Max-Age', '600');
  if (req.method === 'OPTIONS') {
    res.status(204).end();
    return;
  }
  next();
};
