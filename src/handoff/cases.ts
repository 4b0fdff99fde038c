import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../store/db';
import { agents, caseNotes, cases, conversations, messages } from '../store/schema';
import type { CasePriority, CaseStatus, HandoffReason, Lang } from '../vocabulary';
import type { FactSheetRef } from '../vocabulary/fact-sheet';
import { asSql, currentTurnScope, deferToTurn, Shape, type NamedRead } from '../store/turn-scope';
import { priorityOf } from './rules';
import { caseSummary } from './summary';

export type { CaseStatus } from '../vocabulary';
/** Statuses in which people own the conversation (the bot only acknowledges or stays silent). */
export const ACTIVE_STATUSES: CaseStatus[] = ['open', 'assigned'];

export interface HandoffCase {
  id: number;
  conversationKey: string;
  channel: string;
  senderId: string;
  orderId?: string;
  reason: HandoffReason;
  language?: Lang;
  priority: CasePriority;
  status: CaseStatus;
  assignedAgent?: { id: number; name: string };
  summary: string;
  facts?: FactSheetRef;
  createdAt: Date;
  updatedAt: Date;
  resolvedAt?: Date;
}

export interface CaseNote { id: number; caseId: number; agent?: { id: number; name: string }; text: string; at: Date }

/** Who owns a conversation now (the engine asks before each turn). */
export interface OwnershipState {
  /** A case is open or assigned: people own the conversation. */
  active: boolean;
  /** An agent has claimed it or replied: the bot stays silent (contract §7). */
  agentJoined: boolean;
  caseId?: number;
}

export interface NewCase {
  conversationKey: string;
  channel: string;
  senderId: string;
  orderId?: string;
  reason: HandoffReason;
  language?: Lang;
  problem?: string;
  /** What the bot last told; defaults to the latest outbound fact sheet in the transcript. */
  facts?: FactSheetRef;
}

export interface CaseFilter { status?: CaseStatus | 'active'; channel?: string; reason?: HandoffReason; language?: Lang; limit?: number }

type CaseRow = typeof cases.$inferSelect & { agentName: string | null };

/** A case's columns as `toCase` reads them (the agent's name joined), for every read of cases. */
const CASE_COLUMNS = {
  id: cases.id, conversationKey: cases.conversationKey, channel: cases.channel, senderId: cases.senderId, orderId: cases.orderId,
  reason: cases.reason, language: cases.language, priority: cases.priority, status: cases.status, assignedAgentId: cases.assignedAgentId,
  summary: cases.summary, problem: cases.problem, facts: cases.facts, createdAt: cases.createdAt, updatedAt: cases.updatedAt, resolvedAt: cases.resolvedAt,
  agentName: agents.name,
};

/** The case's columns (with the agent's name unless `ownOnly`: for RETURNING) named as `toCase` reads them. */
function caseColumns(ownOnly = false): SQL {
  const named = Object.entries(CASE_COLUMNS).filter(([name]) => !ownOnly || name !== 'agentName');
  return sql.join(named.map(([name, column]) => sql`${column} as ${sql.identifier(name)}`), sql`, `);
}

/** The turn's named read of its conversation's latest case (src/store/turn-scope.ts). */
const TURN_LATEST_CASE = 'handoff:latest-case';

/**
 * The read of a conversation's latest case, with the turn's lock (its first round trip), made
 * only when `wanted` (SQL: the conversation was ever handed off) holds; either way the key counts
 * as read, so `latestFor` asks nothing more during the turn. Built once.
 */
export function latestCaseRead(wanted: (value: (name: string) => unknown) => SQL): (values: { conversationKey: string } & Record<string, unknown>) => NamedRead {
  const shape = new Shape((v) => sql`select ${cases.conversationKey} as key, ${caseColumns()}
    from ${cases} left join ${agents} on ${agents.id} = ${cases.assignedAgentId}
    where ${cases.conversationKey} = ${v('conversationKey')} and (${wanted(v)}) is true
    order by ${cases.id} desc limit 1`);
  return (values) => ({ name: TURN_LATEST_CASE, statement: shape.with(values), covers: [values.conversationKey] });
}

export interface CaseOpened { case: HandoffCase; created: boolean; reopened: boolean }

/**
 * The opening of a case, as one statement: the active case if there is one; else the case resolved
 * within the reopen window, reopened; else a new case, whose facts default to the latest fact sheet
 * the bot told in the conversation. Answers one row: the case and what happened to it.
 */
const opening = new Shape((v) => {
  const columns = caseColumns(true);
  const key = v('conversationKey');
  const now = sql`${v('now')}::timestamptz`;
  return sql`with active as (
      select 'active' as outcome, ${columns} from ${cases}
      where ${cases.conversationKey} = ${key} and ${inArray(cases.status, ACTIVE_STATUSES)} order by ${cases.id} desc limit 1
    ), reopened as (
      update ${cases} set status = 'open', resolved_at = null, reason = ${v('reason')}, updated_at = ${now}
      where id = (select ${cases.id} from ${cases} where ${cases.conversationKey} = ${key} and ${cases.status} = 'resolved'
          and ${cases.resolvedAt} > ${v('reopenSince')}::timestamptz order by ${cases.id} desc limit 1)
        and not exists (select 1 from active)
      returning 'reopened' as outcome, ${columns}
    ), created as (
      insert into ${cases} (conversation_key, channel, sender_id, order_id, reason, language, problem, priority, status, facts, created_at, updated_at)
      select ${key}, ${v('channel')}, ${v('senderId')}, ${v('orderId')}, ${v('reason')}, ${v('language')}, ${v('problem')}, ${v('priority')}, 'open',
        coalesce(${v('facts')}::jsonb, (${latestFactsQuery(key)})),
        ${now}, ${now}
      where not exists (select 1 from active) and not exists (select 1 from reopened)
      returning 'created' as outcome, ${columns}
    )
    select opened.*, ${agents.name} as "agentName" from (select * from active union all select * from reopened union all select * from created) opened
      left join ${agents} on ${agents.id} = opened."assignedAgentId"`;
});

function caseOpened(rows: Record<string, unknown>[]): CaseOpened {
  const [row] = rows;
  if (!row) throw new Error('opening a case answered no row');
  return { case: toCase(row as unknown as CaseRow), created: row.outcome === 'created', reopened: row.outcome === 'reopened' };
}

/**
 * Cases in the database. The database is the only shared state, so several instances
 * may serve the inbox and the engine at once.
 */
export class CaseRepository {
  constructor(private readonly db: Db, private readonly options: { reopenHours: number }) {}

  /**
   * Opens a case for a handoff, unless one is active (then that one is the answer). A handoff soon
   * after a case was resolved (CASE_REOPEN_HOURS) reopens that case, so the agent sees it come back.
   *
   * One statement decides and writes. In a turn it goes with the turn's commit (the turn's lock
   * keeps the conversation's turns apart): `then` is told once it committed, and this answers
   * undefined. Outside a turn it runs now, in a transaction of its own behind an advisory lock
   * on the conversation (two instances handing over at once open one case).
   */
  async open(input: NewCase, now: Date, then?: (opened: CaseOpened) => Promise<void>): Promise<CaseOpened | undefined> {
    // The case read with the turn's lock is out of date from here on.
    currentTurnScope()?.forget(TURN_LATEST_CASE);
    const statement = opening.with({
      conversationKey: input.conversationKey, channel: input.channel, senderId: input.senderId, orderId: input.orderId ?? null,
      reason: input.reason, language: input.language ?? null, problem: input.problem ?? null, priority: priorityOf(input.reason),
      facts: input.facts ?? null, now, reopenSince: new Date(now.getTime() - this.options.reopenHours * 3_600_000),
    });
    const deferred = deferToTurn({ statement: () => statement, written: async (rows) => then?.(caseOpened(rows)) });
    if (deferred) return undefined;
    const rows = await this.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${'case:' + input.conversationKey}))`);
      return ((await tx.execute(asSql(statement))) as unknown as { rows: Record<string, unknown>[] }).rows;
    });
    const opened = caseOpened(rows);
    await then?.(opened);
    return opened;
  }

  async get(id: number): Promise<HandoffCase | undefined> {
    const [row] = await this.selectCases().where(eq(cases.id, id)).limit(1);
    return row ? toCase(row) : undefined;
  }

  async list(filter: CaseFilter = {}): Promise<HandoffCase[]> {
    const where: SQL[] = [];
    if (filter.status === 'active') where.push(inArray(cases.status, ACTIVE_STATUSES));
    else if (filter.status) where.push(eq(cases.status, filter.status));
    if (filter.channel) where.push(eq(cases.channel, filter.channel));
    if (filter.reason) where.push(eq(cases.reason, filter.reason));
    if (filter.language) where.push(eq(cases.language, filter.language));
    const rows = await this.selectCases()
      .where(where.length ? and(...where) : undefined)
      .orderBy(desc(cases.updatedAt), desc(cases.id))
      .limit(Math.min(filter.limit ?? 200, 500));
    return rows.map(toCase);
  }

  /** The most recent case of a conversation, whatever its status. */
  async latestFor(conversationKey: string): Promise<HandoffCase | undefined> {
    const locked = currentTurnScope()?.keyed(TURN_LATEST_CASE, [conversationKey]);
    if (locked && locked.missing.length === 0) return locked.rows[0] ? toCase(locked.rows[0] as unknown as CaseRow) : undefined;
    const [row] = await this.selectCases().where(eq(cases.conversationKey, conversationKey)).orderBy(desc(cases.id)).limit(1);
    return row ? toCase(row) : undefined;
  }

  async stateOf(conversationKey: string): Promise<OwnershipState> {
    return ownershipOf(await this.latestFor(conversationKey));
  }

  /** An agent takes the case (claim, assign, or their first reply). */
  async assign(id: number, agentId: number, now: Date): Promise<HandoffCase | undefined> {
    return this.transition(id, ACTIVE_STATUSES, { status: 'assigned', assignedAgentId: agentId }, now);
  }

  /** Marks an active case as joined without naming an agent (a reply through the admin key). */
  async markJoined(id: number, now: Date): Promise<HandoffCase | undefined> {
    return this.transition(id, ACTIVE_STATUSES, { status: 'assigned' }, now);
  }

  async resolve(id: number, now: Date): Promise<HandoffCase | undefined> {
    return this.transition(id, ACTIVE_STATUSES, { status: 'resolved', resolvedAt: now }, now);
  }

  /** Gives the conversation back to the bot; the case ends and is never reopened. */
  async handBack(id: number, now: Date): Promise<HandoffCase | undefined> {
    return this.transition(id, ACTIVE_STATUSES, { status: 'handed_back', resolvedAt: now }, now);
  }

  /** The sender of a stored conversation (a handoff on the first turn has none yet). */
  async senderOf(conversationKey: string): Promise<string | undefined> {
    const [row] = await this.db.select({ senderId: conversations.senderId }).from(conversations).where(eq(conversations.id, conversationKey));
    return row?.senderId;
  }

  /** Bumps updated_at so the live feed tells the inbox (a new message or note). */
  async touch(id: number, now: Date): Promise<void> {
    await this.db.update(cases).set({ updatedAt: now }).where(eq(cases.id, id));
  }

  async addNote(caseId: number, agentId: number | undefined, text: string, now: Date): Promise<CaseNote> {
    const [row] = await this.db.insert(caseNotes).values({ caseId, agentId: agentId ?? null, text, createdAt: now }).returning();
    await this.touch(caseId, now);
    const [agent] = agentId ? await this.db.select({ name: agents.name }).from(agents).where(eq(agents.id, agentId)) : [];
    return { id: row.id, caseId, agent: agentId && agent ? { id: agentId, name: agent.name } : undefined, text: row.text, at: row.createdAt };
  }

  async notes(caseId: number): Promise<CaseNote[]> {
    const rows = await this.db
      .select({ id: caseNotes.id, agentId: caseNotes.agentId, agentName: agents.name, text: caseNotes.text, at: caseNotes.createdAt })
      .from(caseNotes)
      .leftJoin(agents, eq(agents.id, caseNotes.agentId))
      .where(eq(caseNotes.caseId, caseId))
      .orderBy(asc(caseNotes.id));
    return rows.map((r) => ({ id: r.id, caseId, agent: r.agentId ? { id: r.agentId, name: r.agentName ?? '' } : undefined, text: r.text, at: r.at }));
  }

  /** Returns undefined when the case does not exist or is not in one of `from`. */
  private async transition(id: number, from: CaseStatus[], set: Partial<typeof cases.$inferInsert>, now: Date): Promise<HandoffCase | undefined> {
    currentTurnScope()?.forget(TURN_LATEST_CASE);
    const updated = await this.db
      .update(cases)
      .set({ ...set, updatedAt: now })
      .where(and(eq(cases.id, id), inArray(cases.status, from)))
      .returning({ id: cases.id });
    return updated.length ? this.get(id) : undefined;
  }

  private selectCases() {
    return this.db
      .select(CASE_COLUMNS)
      .from(cases)
      .leftJoin(agents, eq(agents.id, cases.assignedAgentId))
      .$dynamic();
  }
}

/** The fact sheet of the latest outbound message that carries one (what the bot last told). */
export async function latestFacts(db: Db, conversationKey: string): Promise<FactSheetRef | undefined> {
  const [row] = ((await db.execute(latestFactsQuery(conversationKey))) as unknown as { rows: { facts: FactSheetRef | null }[] }).rows;
  return row?.facts ?? undefined;
}

/** That fact sheet, as a query of one column (`facts`), for a statement that needs it too (a case's opening). */
function latestFactsQuery(conversationKey: unknown): SQL {
  return sql`select ${messages.facts} as facts from ${messages}
    where ${messages.conversationId} = ${conversationKey} and ${messages.direction} = 'out' and ${messages.facts} is not null
    order by ${messages.id} desc limit 1`;
}

function toCase(r: CaseRow): HandoffCase {
  const facts = (r.facts as FactSheetRef | null) ?? undefined;
  return {
    id: r.id,
    conversationKey: r.conversationKey,
    channel: r.channel,
    senderId: r.senderId,
    orderId: r.orderId ?? undefined,
    reason: r.reason,
    language: r.language ?? undefined,
    priority: r.priority as CasePriority,
    status: r.status as CaseStatus,
    assignedAgent: r.assignedAgentId ? { id: r.assignedAgentId, name: r.agentName ?? '' } : undefined,
    // Cases opened before migration 0015 kept the summary written then.
    summary: r.summary || caseSummary({ reason: r.reason, problem: r.problem ?? undefined, orderId: r.orderId ?? undefined, channel: r.channel, language: r.language ?? undefined, facts }),
    facts,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    resolvedAt: r.resolvedAt ?? undefined,
  };
}

/** Who owns a conversation, from its latest case. */
export function ownershipOf(latest: HandoffCase | undefined): OwnershipState {
  if (!latest || !ACTIVE_STATUSES.includes(latest.status)) return { active: false, agentJoined: false };
  return { active: true, agentJoined: latest.status === 'assigned', caseId: latest.id };
}
