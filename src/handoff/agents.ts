import crypto from 'node:crypto';
import type { RateLimiterDrizzle } from 'rate-limiter-flexible';
import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import { and, asc, eq, gt, lt } from 'drizzle-orm';
import type { Db } from '../store/db';
import { agentSessions, agents } from '../store/schema';
import { storedCounter } from '../store/rate-limits';

import type { AgentRole } from '../vocabulary';

export type { AgentRole } from '../vocabulary';
export interface Agent { id: number; email: string; name: string; role: AgentRole; disabled: boolean; createdAt: Date }

/** Who is calling the case API: an agent (session or API token) or the admin key. */
export type Principal =
  | { kind: 'agent'; agent: Agent; via: 'session' | 'api'; sessionToken?: string }
  | { kind: 'admin_key' };

export function isAdmin(p: Principal): boolean {
  return p.kind === 'admin_key' || p.agent.role === 'admin';
}

/** The agent behind a principal, if any (the admin key is nobody in particular). */
export function agentOf(p: Principal): Agent | undefined {
  return p.kind === 'agent' ? p.agent : undefined;
}

export const SESSION_HOURS = 12;
export const API_TOKEN_DAYS = 365;

/** argon2id with the library's defaults (m=19 MiB, t=2, p=1: OWASP's minimum). */
const hashPassword = (password: string) => argon2Hash(password);

/** A hash of a random password: unknown emails cost the same time as known ones. */
let decoyHash: Promise<string> | undefined;

export class AgentExists extends Error {}

/** Agent accounts, their login sessions and API tokens (stored as SHA-256 hashes only). */
export class AgentDirectory {
  constructor(private readonly db: Db, private readonly clock: () => Date = () => new Date()) {}

  async count(): Promise<number> {
    const rows = await this.db.select({ id: agents.id }).from(agents).limit(1);
    return rows.length;
  }

  async create(input: { email: string; name: string; role: AgentRole; password: string }): Promise<Agent> {
    const email = input.email.trim().toLowerCase();
    const passwordHash = await hashPassword(input.password);
    const rows = await this.db.insert(agents).values({ email, name: input.name.trim(), role: input.role, passwordHash }).onConflictDoNothing().returning();
    if (rows.length === 0) throw new AgentExists(`an agent with this email exists`);
    return toAgent(rows[0]);
  }

  async list(): Promise<Agent[]> {
    return (await this.db.select().from(agents).orderBy(asc(agents.id))).map(toAgent);
  }

  async get(id: number): Promise<Agent | undefined> {
    const [row] = await this.db.select().from(agents).where(eq(agents.id, id));
    return row ? toAgent(row) : undefined;
  }

  async setDisabled(id: number, disabled: boolean): Promise<Agent | undefined> {
    const [row] = await this.db.update(agents).set({ disabled }).where(eq(agents.id, id)).returning();
    if (row && disabled) await this.db.delete(agentSessions).where(eq(agentSessions.agentId, id));
    return row ? toAgent(row) : undefined;
  }

  /** Checks email and password; undefined for any failure (unknown, wrong, disabled) alike. */
  async verifyPassword(email: string, password: string): Promise<Agent | undefined> {
    const [row] = await this.db.select().from(agents).where(eq(agents.email, email.trim().toLowerCase()));
    if (!row) {
      decoyHash ??= hashPassword(crypto.randomBytes(16).toString('hex'));
      await argon2Verify(await decoyHash, password).catch(() => false);
      return undefined;
    }
    const ok = await argon2Verify(row.passwordHash, password).catch(() => false);
    return ok && !row.disabled ? toAgent(row) : undefined;
  }

  /** A new session (kind 'session', SESSION_HOURS) or API token (kind 'api', API_TOKEN_DAYS); the token is shown once. */
  async issueToken(agentId: number, kind: 'session' | 'api'): Promise<{ token: string; expiresAt: Date }> {
    const token = crypto.randomBytes(32).toString('base64url');
    const now = this.clock();
    const expiresAt = new Date(now.getTime() + (kind === 'session' ? SESSION_HOURS * 3_600_000 : API_TOKEN_DAYS * 86_400_000));
    await this.db.insert(agentSessions).values({ tokenHash: tokenHash(token), agentId, kind, createdAt: now, expiresAt });
    // Expired rows are swept on the way, so the table does not grow forever.
    await this.db.delete(agentSessions).where(lt(agentSessions.expiresAt, now));
    return { token, expiresAt };
  }

  /** The agent a token belongs to, if it is of `kind`, unexpired and the agent is enabled. */
  async authenticate(token: string, kind: 'session' | 'api'): Promise<Agent | undefined> {
    const [row] = await this.db
      .select({ agent: agents })
      .from(agentSessions)
      .innerJoin(agents, eq(agents.id, agentSessions.agentId))
      .where(and(eq(agentSessions.tokenHash, tokenHash(token)), eq(agentSessions.kind, kind), gt(agentSessions.expiresAt, this.clock())));
    return row && !row.agent.disabled ? toAgent(row.agent) : undefined;
  }

  async revoke(token: string): Promise<void> {
    await this.db.delete(agentSessions).where(eq(agentSessions.tokenHash, tokenHash(token)));
  }
}

export function tokenHash(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/**
 * The CSRF token of a session: an HMAC of the session token, so it needs no storage and
 * cannot be forged without the HttpOnly session cookie (signed double-submit).
 */
export function csrfTokenFor(sessionToken: string): string {
  return crypto.createHmac('sha256', sessionToken).update('wismo-csrf').digest('base64url');
}

function toAgent(r: typeof agents.$inferSelect): Agent {
  return { id: r.id, email: r.email, name: r.name, role: r.role as AgentRole, disabled: r.disabled, createdAt: r.createdAt };
}

/**
 * Failed logins, counted in the database (rate-limiter-flexible) so the limit holds across
 * instances: per account (5 in 15 minutes) and per client address (20 in 15 minutes). A
 * successful login clears the account's count.
 */
export class LoginThrottle {
  private readonly byAccount: RateLimiterDrizzle;
  private readonly byAddress: RateLimiterDrizzle;

  constructor(db: Db, options: { maxFailures: number; windowMs: number } = { maxFailures: 5, windowMs: 15 * 60_000 }) {
    const windowSeconds = Math.ceil(options.windowMs / 1000);
    this.byAccount = storedCounter(db, { prefix: 'login:account', points: options.maxFailures, windowSeconds });
    this.byAddress = storedCounter(db, { prefix: 'login:address', points: options.maxFailures * 4, windowSeconds });
  }

  /** Seconds to wait, or 0 when an attempt may go ahead. */
  async retryAfter(email: string, ip: string): Promise<number> {
    const wait = async (limiter: RateLimiterDrizzle, key: string) => {
      const res = await limiter.get(key);
      return res && res.consumedPoints >= limiter.points ? res.msBeforeNext : 0;
    };
    const waits = await Promise.all([wait(this.byAccount, email.toLowerCase()), wait(this.byAddress, ip)]);
    return Math.ceil(Math.max(...waits) / 1000);
  }

  async failed(email: string, ip: string): Promise<void> {
    await Promise.all([this.byAccount.penalty(email.toLowerCase()), this.byAddress.penalty(ip)]);
  }

  async succeeded(email: string): Promise<void> {
    await this.byAccount.delete(email.toLowerCase());
  }
}
