import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../store/db';
import { integrationDeliveries } from '../../store/schema';

export type IntegrationName = 'webhook' | 'slack' | 'zendesk';
export interface DeliveryRow { id: number; caseId: number | null; target: string; event: string; status: string; attempts: number }

/** The integration delivery log: one row per (case event, target), updated on each attempt. */
export class DeliveryLog {
  constructor(private readonly db: Db) {}

  async start(caseId: number, target: IntegrationName, event: string): Promise<number> {
    const [row] = await this.db.insert(integrationDeliveries).values({ caseId, target, event, status: 'pending' }).returning({ id: integrationDeliveries.id });
    return row.id;
  }

  async get(id: number): Promise<DeliveryRow | undefined> {
    const [row] = await this.db.select().from(integrationDeliveries).where(eq(integrationDeliveries.id, id));
    return row;
  }

  async ofCase(caseId: number) {
    return this.db.select().from(integrationDeliveries).where(eq(integrationDeliveries.caseId, caseId)).orderBy(integrationDeliveries.id);
  }

  async attempted(id: number, outcome: { ok: boolean; responseStatus?: number; error?: string; final: boolean }): Promise<void> {
    await this.db
      .update(integrationDeliveries)
      .set({
        attempts: sql`${integrationDeliveries.attempts} + 1`,
        // A failed attempt that will be retried stays pending.
        status: outcome.ok ? 'delivered' : outcome.final ? 'failed' : 'pending',
        responseStatus: outcome.responseStatus ?? null,
        lastError: outcome.ok ? null : (outcome.error ?? null),
        updatedAt: new Date(),
      })
      .where(eq(integrationDeliveries.id, id));
  }
}
