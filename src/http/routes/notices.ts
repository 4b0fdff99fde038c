import { Router } from 'express';
import { z } from 'zod';
import type { ProactiveNotices } from '../../proactive/notices';
import { NOTICE_STATES } from '../../vocabulary';
import { requireAdmin } from '../auth';
import { HttpError, parseQuery } from '../errors';

const DAY = 86_400_000;
const day = z.iso.date({ message: 'expected a date written YYYY-MM-DD' });
const reportQuery = z.object({ from: day.optional(), to: day.optional() }).strict();
const listQuery = z.object({
  orderId: z.string().min(1).max(64).optional(),
  state: z.enum(NOTICE_STATES).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
}).strict();

/** Proactive notices for the merchant (admin key): the report by kind and outcome, and the notices themselves. */
export function noticesRouter(deps: { notices: ProactiveNotices; adminKey: string }): Router {
  const router = Router();
  router.use('/api/v1/notices', requireAdmin(deps.adminKey));

  // Detected from `from` (default: 30 days ago) up to and including `to` (default: today), UTC days.
  router.get('/api/v1/notices/report', async (req, res) => {
    const q = parseQuery(reportQuery, req.query);
    const to = q.to ? new Date(Date.parse(q.to) + DAY) : new Date(Math.ceil(Date.now() / DAY) * DAY);
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - 30 * DAY);
    if (from >= to) throw new HttpError(400, 'invalid query', [{ path: 'from', message: '"from" must not be after "to"' }]);
    res.json({ from: from.toISOString(), to: to.toISOString(), kinds: await deps.notices.report({ from, to }) });
  });

  router.get('/api/v1/notices', async (req, res) => {
    res.json({ notices: await deps.notices.list(parseQuery(listQuery, req.query)) });
  });
  return router;
}
