import path from 'node:path';
import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { HttpError, parseBody } from '../errors';
import { orderSchema } from '../../orders/contract';
import { isRecord, LANGUAGES } from '../../vocabulary';
import type { AgentDirectory } from '../../handoff/agents';
import { authenticate, principal, requireAdminRole } from '../principal';
import { validateDocument, type KnowledgeProblem } from '../../knowledge/loader';
import { plainDocument } from '../../knowledge/document';
import { PREVIEW_QUESTIONS, previewAnswer } from '../../answers/preview';
import { SAMPLE_KINDS, sampleOrder } from '../../knowledge/samples';
import { VersionConflict, type VersionSource } from '../../knowledge/versions';
import type { KnowledgeService, SaveResult } from '../../knowledge/service';
import { knowledgeYaml } from '../../knowledge/yaml-export';

export interface KnowledgeRouterDeps {
  knowledge: KnowledgeService;
  agents: AgentDirectory;
  adminKey: string;
  /** The shop's time zone, for timestamps in previews (default: the knowledge calendar's). */
  timeZone?: string;
  /** JSON body limit (a whole document with eight languages is ~40 kB). */
  bodyLimit?: string;
  clock?: () => Date;
}

/** Where the editor's static files live (plain HTML/CSS/JS: no build step, no CDN). */
export const editorAssets = path.resolve(__dirname, '..', '..', 'knowledge', 'editor');

/** The editor sends this header so a save with a pasted admin key is still recorded as an editor save. */
const CLIENT_HEADER = 'x-wismo-client';

const previewBody = z.object({
  document: z.unknown().optional(),
  order: orderSchema.optional(),
  sample: z.enum(SAMPLE_KINDS).optional(),
  question: z.enum(PREVIEW_QUESTIONS).default('order_status'),
  lang: z.enum(LANGUAGES).default('en'),
  /** When the shopper asks (default: now, or the sample's moment). */
  now: z.iso.datetime({ offset: true }).optional(),
}).strict();
const versionParam = z.coerce.number().int().positive();
const reloadBody = z.object({ confirmDroppedSections: z.boolean().optional() }).strict();

/**
 * The knowledge API and its web editor, for admins only (the admin key, an admin agent's
 * API token, or an admin agent's inbox session with X-CSRF-Token on writes):
 * GET/PUT /api/v1/knowledge, versions and restore, preview, export; the editor at /knowledge/.
 */
export function knowledgeRouter(deps: KnowledgeRouterDeps): Router {
  const router = Router();
  const service = deps.knowledge;
  const now = deps.clock ?? (() => new Date());

  router.get('/knowledge', (req, res, next) => (req.originalUrl.split('?')[0] === '/knowledge' ? res.redirect(301, '/knowledge/') : next()));
  router.use('/knowledge', (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('X-Frame-Options', 'DENY');
    next();
  });
  router.use('/knowledge', express.static(editorAssets, { index: 'index.html', redirect: false, fallthrough: true }));

  router.use('/api/v1/knowledge', express.json({ limit: deps.bodyLimit ?? '1mb' }), authenticate(deps), requireAdminRole);

  router.get('/api/v1/knowledge', (_req, res) => {
    res.json({ ...inForceJson(service), document: plainDocument(service.current()), fileProblems: service.fileProblems() });
  });

  router.put('/api/v1/knowledge', async (req, res) => {
    // The bare document, or { document, baseVersion } to refuse overwriting someone else's newer save.
    const wrapped = isRecord(req.body) && 'document' in req.body && !('calendar' in req.body);
    const document: unknown = wrapped ? req.body.document : req.body;
    const baseVersion = wrapped && req.body.baseVersion !== undefined ? versionParam.safeParse(req.body.baseVersion) : undefined;
    if (baseVersion && !baseVersion.success) throw new HttpError(400, 'invalid request body', [{ path: 'baseVersion', message: 'expected a version number' }]);
    const saved = await saving(() => service.save(document, { author: who(res), source: sourceOf(req, res), baseVersion: baseVersion?.data }));
    res.json({ version: saved.version.version });
  });

  // The files again, now; with {"confirmDroppedSections": true} also when they drop whole sections.
  router.post('/api/v1/knowledge/reload', async (req, res) => {
    const body = parseBody(reloadBody, req.body ?? {});
    const result = await service.reloadFiles(body);
    if (!result.ok) throw new HttpError(422, 'knowledge files not applied: the version in force stays', problemsJson(result.problems));
    res.json(inForceJson(service));
  });

  router.get('/api/v1/knowledge/versions', async (_req, res) => {
    res.json({ inForce: inForceJson(service).version, versions: await service.versions.list() });
  });

  router.get('/api/v1/knowledge/versions/:n', async (req, res) => {
    const found = await service.versions.get(versionOf(req));
    if (!found) throw new HttpError(404, 'no such version');
    res.json(found);
  });

  router.post('/api/v1/knowledge/versions/:n/restore', async (req, res) => {
    const n = versionOf(req);
    const result = await service.restore(n, who(res));
    if (!result) throw new HttpError(404, 'no such version');
    const saved = await saving(async () => result);
    res.json({ version: saved.version.version, restoredFrom: n });
  });

  router.post('/api/v1/knowledge/preview', (req, res) => {
    const body = parseBody(previewBody, req.body ?? {});
    let knowledge = service.current();
    if (body.document !== undefined) {
      const checked = validateDocument(body.document, { by: 'preview' });
      if (!checked.ok) throw new HttpError(400, 'invalid knowledge', problemsJson(checked.problems, 'document.'));
      knowledge = checked.knowledge;
    }
    const sample = body.sample ? sampleOrder(body.sample, knowledge, now()) : undefined;
    const order = body.order ?? sample?.order;
    if (!order && body.question === 'order_status') throw new HttpError(400, 'invalid request body', [{ path: 'order', message: 'an order status preview needs an order or a sample' }]);
    const at = body.now ? new Date(body.now) : body.order ? now() : (sample?.now ?? now());
    const answer = previewAnswer({ knowledge, order, question: body.question, lang: body.lang, now: at, timeZone: deps.timeZone ?? knowledge.calendar.time_zone });
    res.json({ ...answer, order, now: at.toISOString(), sample: sample && body.order === undefined ? { kind: body.sample, description: sample.description } : undefined });
  });

  router.get('/api/v1/knowledge/export', (_req, res) => {
    const { version } = service.inForce();
    res.type('application/yaml; charset=utf-8');
    res.setHeader('Content-Disposition', 'inline; filename="knowledge.yaml"');
    res.send(knowledgeYaml(plainDocument(service.current()), `Knowledge version ${version}, exported ${now().toISOString()}. A knowledge folder holding only this file loads the same document.`));
  });

  return router;
}

/** Runs a save or restore; problems become a 400 with field paths, a conflict a 409. */
async function saving(run: () => Promise<SaveResult>): Promise<Extract<SaveResult, { ok: true }>> {
  try {
    const result = await run();
    if (!result.ok) throw new HttpError(400, 'invalid knowledge: nothing was saved', problemsJson(result.problems));
    return result;
  } catch (err) {
    if (err instanceof VersionConflict) throw new HttpError(409, `${err.message}: reload to see the changes, then edit again`, { latest: err.latest });
    throw err;
  }
}

/** The loader's problems in the API's shape: `{ path, message }` with the path of the field. */
function problemsJson(problems: KnowledgeProblem[], prefix = ''): { path: string; message: string }[] {
  return problems.map((p) => ({ path: p.field ? `${prefix}${p.field}` : prefix ? prefix.slice(0, -1) : '(body)', message: p.message }));
}

function inForceJson(service: KnowledgeService) {
  const v = service.inForce();
  return { version: v.version, author: v.author, source: v.source, createdAt: v.createdAt };
}

/** Who is recorded as the author: the agent's email, or 'admin-key'. */
function who(res: Response): string {
  const p = principal(res);
  return p.kind === 'agent' ? p.agent.email : 'admin-key';
}

function sourceOf(req: Request, res: Response): Exclude<VersionSource, 'file' | 'restore'> {
  const p = principal(res);
  return (p.kind === 'agent' && p.via === 'session') || req.headers[CLIENT_HEADER] === 'knowledge-editor' ? 'editor' : 'api';
}

function versionOf(req: Request): number {
  const n = versionParam.safeParse(req.params.n);
  if (!n.success) throw new HttpError(404, 'no such version');
  return n.data;
}
