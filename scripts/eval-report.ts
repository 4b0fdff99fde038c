/** Confusion report for `npm run eval -- --report`: expected vs answered intent, per intent and per language. */

interface CaseFile { id: string; lang?: string; turns: { user: string; expect?: { intent?: string | string[] } }[] }
interface ResultFile { cases: { id: string; lang: string; passed: boolean; turns: { turn: number; replies: { wismo: { intent?: string } | null }[]; failures: string[] }[] }[] }

export function confusionReport(result: ResultFile, cases: CaseFile[]): string {
  const byId = new Map(cases.map((c) => [c.id, c]));
  const matrix = new Map<string, Map<string, number>>();
  const perIntent = new Map<string, [number, number]>();
  const perLang = new Map<string, [number, number]>();
  const misses: string[] = [];
  for (const r of result.cases) {
    const spec = byId.get(r.id);
    if (!spec) continue;
    for (const t of r.turns) {
      const expected = spec.turns[t.turn - 1]?.expect?.intent;
      const langStat = perLang.get(r.lang) ?? [0, 0];
      langStat[1] += 1;
      if (t.failures.length === 0) langStat[0] += 1;
      perLang.set(r.lang, langStat);
      if (expected === undefined) continue;
      const accepted = ([] as string[]).concat(expected);
      const got = t.replies.map((x) => x.wismo?.intent ?? '(none)')[0] ?? '(no reply)';
      const key = accepted.join('|');
      const row = matrix.get(key) ?? new Map<string, number>();
      row.set(got, (row.get(got) ?? 0) + 1);
      matrix.set(key, row);
      const stat = perIntent.get(key) ?? [0, 0];
      stat[1] += 1;
      if (accepted.includes(got)) stat[0] += 1;
      else misses.push(`  ${r.id} turn ${t.turn} [${r.lang}] expected ${key}, got ${got}: ${JSON.stringify(spec.turns[t.turn - 1].user).slice(0, 100)}`);
      perIntent.set(key, stat);
    }
  }
  const lines = ['Intent confusion (expected -> answered: count)'];
  for (const [expected, row] of [...matrix].sort()) {
    const [ok, total] = perIntent.get(expected)!;
    lines.push(`  ${expected.padEnd(34)} ${ok}/${total}  ` + [...row].map(([got, n]) => `${got}:${n}`).join(' '));
  }
  lines.push('', 'Turns passed per language');
  for (const [lang, [ok, total]] of [...perLang].sort()) lines.push(`  ${lang}  ${ok}/${total} (${((100 * ok) / total).toFixed(0)}%)`);
  if (misses.length) lines.push('', 'Intent misses', ...misses);
  const failedTurns = result.cases.flatMap((r) => r.turns.filter((t) => t.failures.length).map((t) => `  ${r.id} turn ${t.turn}: ${t.failures.join('; ')}`));
  if (failedTurns.length) lines.push('', 'Failed turns', ...failedTurns);
  return lines.join('\n');
}
