/**
 * Resolves "now", "now-3d", "now+2h30m" in fixture JSON the way ../shared/eval/run.mjs
 * does: date-only fields (estimatedDelivery, shipBy, *Date) become YYYY-MM-DD in UTC.
 */
const UNIT_MS: Record<string, number> = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };

export function relativeInstant(expr: string, nowMs: number): Date | undefined {
  const m = /^now((?:[+-]\d+[wdhms])*)$/.exec(expr);
  if (!m) return undefined;
  let ms = nowMs;
  for (const part of m[1].matchAll(/([+-])(\d+)([wdhms])/g)) ms += (part[1] === '-' ? -1 : 1) * Number(part[2]) * UNIT_MS[part[3]];
  return new Date(ms);
}

export function resolveRelative<T>(value: T, nowMs = Date.now(), key = ''): T {
  if (typeof value === 'string') {
    const at = relativeInstant(value, nowMs);
    if (!at) return value;
    const dateOnly = key === 'estimatedDelivery' || key === 'shipBy' || key.endsWith('Date');
    return (dateOnly ? at.toISOString().slice(0, 10) : at.toISOString()) as T;
  }
  if (Array.isArray(value)) return value.map((v) => resolveRelative(v, nowMs, key)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveRelative(v, nowMs, k)])) as T;
  }
  return value;
}
