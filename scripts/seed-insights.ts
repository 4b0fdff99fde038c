/**
 * `npm run seed:insights -- [--days 30] [--per-day 150] [--seed 1]`: a month of conversations,
 * handoffs and proactive notices (scripts/insights/month.ts) in the configured store, ending now,
 * so the insights dashboard (/insights/) has something to show. Conversation ids carry the seed:
 * run it again with another seed to add more.
 */
import { planMonth, writeMonth } from './insights/month';
import { runWithStore } from './with-store';

runWithStore('seed:insights', async (store) => {
  const arg = (name: string, fallback: number) => {
    const at = process.argv.indexOf(`--${name}`);
    const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} expects a whole number`);
    return value;
  };
  const plan = planMonth({ seed: arg('seed', 1), days: arg('days', 30), perDay: arg('per-day', 150), end: new Date() });
  await writeMonth(store.db, plan);
  console.log(`wrote ${plan.conversations.length} conversations about ${plan.orders.length} orders and ${plan.notices.length} notices`);
  return 0;
});
