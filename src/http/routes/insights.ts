import { Router, type Response } from 'express';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { INSIGHT_GROUPS, type Insights, type InsightsQueries, type Measures } from '../../insights/measures';
import { LANGUAGES } from '../../vocabulary';
import type { AgentDirectory } from '../../handoff/agents';
import { authenticate } from '../principal';
import { HttpError, parseQuery } from '../errors';

const DAY = 86_400_000;
const day = z.iso.date({ message: 'expected a date written YYYY-MM-DD' });
const insightsQuery = z.object({
  from: day.optional(),
  to: day.optional(),
  groupBy: z.enum(INSIGHT_GROUPS).default('day'),
  channel: z.string().regex(/^[a-z][a-z0-9:_-]{0,40}$/, { message: 'expected a channel name such as webchat, sms or whatsapp' }).optional(),
  language: z.enum(LANGUAGES).optional(),
}).strict();

/**
 * The merchant's insights (issue "Analytics"): `GET /api/v1/insights` as JSON and
 * `GET /api/v1/insights.csv` (one row per group), for the admin key, an agent's API token or the
 * inbox login. Days are the shop's; `to` is included; the default is the last 30 days.
 */
export function insightsRouter(deps: { insights: InsightsQueries; agents: AgentDirectory; adminKey: string; timeZone: string; costPerContact: number; currency: string }): Router {
  const router = Router();
  const auth = authenticate({ agents: deps.agents, adminKey: deps.adminKey });

  const compute = async (query: unknown): Promise<{ range: { from: string; to: string }; groupBy: string; insights: Insights }> => {
    const q = parseQuery(insightsQuery, query);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: deps.timeZone }).format(new Date());
    const toDay = q.to ?? today;
    const fromDay = q.from ?? new Date(Date.parse(toDay) - 29 * DAY).toISOString().slice(0, 10);
    if (fromDay > toDay) throw new HttpError(400, 'invalid query', [{ path: 'from', message: '"from" must not be after "to"' }]);
    if (Date.parse(toDay) - Date.parse(fromDay) > 366 * DAY) throw new HttpError(400, 'invalid query', [{ path: 'from', message: 'at most a year at a time' }]);
    const from = startOfDay(fromDay, deps.timeZone);
    const to = startOfDay(new Date(Date.parse(toDay) + DAY).toISOString().slice(0, 10), deps.timeZone);
    const insights = await deps.insights.compute({
      from, to, groupBy: q.groupBy, channel: q.channel, language: q.language, timeZone: deps.timeZone, costPerContact: deps.costPerContact,
    });
    return { range: { from: fromDay, to: toDay }, groupBy: q.groupBy, insights };
  };

  router.get('/api/v1/insights', auth, async (req, res) => {
    const { range, groupBy, insights } = await compute(req.query);
    res.json({ ...range, groupBy, timeZone: deps.timeZone, currency: deps.currency, costPerContact: deps.costPerContact, ...insights });
  });

  router.get('/api/v1/insights.csv', auth, async (req, res) => {
    const { range, groupBy, insights } = await compute(req.query);
    sendCsv(res, `insights-${range.from}-${range.to}-by-${groupBy}.csv`, groupBy, insights);
  });
  return router;
}

/** The instant a shop day starts (luxon: the zone's own midnight, daylight-saving days included). */
function startOfDay(day: string, timeZone: string): Date {
  return DateTime.fromISO(day, { zone: timeZone }).startOf('day').toJSDate();
}

function sendCsv(res: Response, filename: string, groupBy: string, insights: Insights): void {
  const columns = Object.keys(insights.totals) as (keyof Measures)[];
  const cell = (v: unknown) => {
    const text = v === null || v === undefined ? '' : String(v);
    // Quoted when needed; a leading formula character is neutralised (CSV injection in spreadsheets).
    const safe = /^[=+\-@\t\r]/.test(text) && Number.isNaN(Number(text)) ? `'${text}` : text;
    return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
  };
  const lines = [
    [groupBy, ...columns].join(','),
    ...insights.groups.map((g) => [cell(g.key), ...columns.map((c) => cell(g.measures[c]))].join(',')),
    ['total', ...columns.map((c) => cell(insights.totals[c]))].join(','),
  ];
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  res.send(`${lines.join('\r\n')}\r\n`);
}
