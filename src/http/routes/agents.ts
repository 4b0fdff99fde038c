import express, { Router, type Request } from 'express';
import { z } from 'zod';
import { HttpError, parseBody } from '../errors';
import { AgentExists, csrfTokenFor, isAdmin, type Agent, type AgentDirectory, type LoginThrottle } from '../../handoff/agents';
import { authenticate, clearSessionCookie, principal, requireAdminRole, setSessionCookie } from '../principal';

export interface AgentsRouterDeps {
  agents: AgentDirectory;
  adminKey: string;
  throttle: LoginThrottle;
}

const loginBody = z.object({ email: z.string().trim().min(3).max(254), password: z.string().min(1).max(1024) });
const newAgentBody = z.object({
  email: z.email().max(254),
  name: z.string().trim().min(1).max(100),
  role: z.enum(['agent', 'admin']).default('agent'),
  password: z.string().min(12, { message: 'expected at least 12 characters' }).max(1024),
});
const idParam = z.coerce.number().int().positive();

/**
 * Agent accounts and login: `POST /api/v1/agents/login` (session cookie + CSRF token),
 * `POST /api/v1/agents/logout`, `GET /api/v1/agents/me`, and for admins (or the admin key)
 * `POST /api/v1/agents`, `POST /api/v1/agents/{id}/disable`; API tokens through
 * `POST /api/v1/agents/{id}/tokens` (admins, or agents for themselves).
 */
export function agentsRouter(deps: AgentsRouterDeps): Router {
  const router = Router();
  const throttle = deps.throttle;
  const auth = authenticate(deps);
  router.use('/api/v1/agents', express.json({ limit: '16kb' }));

  router.post('/api/v1/agents/login', async (req, res) => {
    const body = parseBody(loginBody, req.body);
    const ip = req.ip ?? 'unknown';
    const wait = await throttle.retryAfter(body.email, ip);
    if (wait > 0) {
      res.setHeader('Retry-After', String(wait));
      throw new HttpError(429, 'too many failed logins: try again later');
    }
    const agent = await deps.agents.verifyPassword(body.email, body.password);
    if (!agent) {
      await throttle.failed(body.email, ip);
      req.log?.info({ agentLogin: 'failed' }, 'agent login failed');
      throw new HttpError(401, 'wrong email or password');
    }
    await throttle.succeeded(body.email);
    const { token, expiresAt } = await deps.agents.issueToken(agent.id, 'session');
    setSessionCookie(req, res, token);
    res.json({ agent: publicAgent(agent), csrfToken: csrfTokenFor(token), expiresAt });
  });

  router.post('/api/v1/agents/logout', auth, async (req, res) => {
    const p = principal(res);
    if (p.kind === 'agent' && p.sessionToken) await deps.agents.revoke(p.sessionToken);
    clearSessionCookie(req, res);
    res.status(204).end();
  });

  router.get('/api/v1/agents/me', auth, (_req, res) => {
    const p = principal(res);
    if (p.kind === 'admin_key') return void res.json({ agent: null, role: 'admin' });
    res.json({ agent: publicAgent(p.agent), role: p.agent.role, csrfToken: p.sessionToken ? csrfTokenFor(p.sessionToken) : undefined });
  });

  router.get('/api/v1/agents', auth, async (_req, res) => {
    const all = await deps.agents.list();
    res.json({ agents: all.filter((a) => !a.disabled || isAdmin(principal(res))).map(publicAgent) });
  });

  router.post('/api/v1/agents', auth, requireAdminRole, async (req, res) => {
    const body = parseBody(newAgentBody, req.body);
    try {
      const agent = await deps.agents.create(body);
      req.log?.info({ agentId: agent.id, role: agent.role }, 'agent created');
      res.status(201).json({ agent: publicAgent(agent) });
    } catch (err) {
      if (err instanceof AgentExists) throw new HttpError(409, err.message);
      throw err;
    }
  });

  router.post('/api/v1/agents/:id/tokens', auth, async (req, res) => {
    const agent = await agentParam(deps, req);
    const p = principal(res);
    if (!isAdmin(p) && !(p.kind === 'agent' && p.agent.id === agent.id)) throw new HttpError(403, 'only an admin may create tokens for another agent');
    const { token, expiresAt } = await deps.agents.issueToken(agent.id, 'api');
    res.status(201).json({ token, expiresAt, agent: publicAgent(agent) });
  });

  router.post('/api/v1/agents/:id/disable', auth, requireAdminRole, async (req, res) => {
    const agent = await agentParam(deps, req);
    res.json({ agent: publicAgent((await deps.agents.setDisabled(agent.id, true))!) });
  });

  return router;
}

async function agentParam(deps: AgentsRouterDeps, req: Request): Promise<Agent> {
  const id = idParam.safeParse(req.params.id);
  const agent = id.success ? await deps.agents.get(id.data) : undefined;
  if (!agent) throw new HttpError(404, 'no such agent');
  return agent;
}

export function publicAgent(a: Agent) {
  return { id: a.id, email: a.email, name: a.name, role: a.role, disabled: a.disabled, createdAt: a.createdAt };
}
