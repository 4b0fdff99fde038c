/**
 * Prints, as JSON, every RegExp built with `new RegExp` while the modules that read shopper
 * text load and run once (resolver with a merchant prefix, LLM guards, handoff keywords,
 * knowledge matching, voice rendering). Run in its own process so the constructor can be
 * watched from the first import on.
 */
const seen = new Map<string, { where: string; source: string; flags: string }>();
const Native = RegExp;
globalThis.RegExp = new Proxy(Native, {
  construct(target, args: [string | RegExp, string?]) {
    const made = Reflect.construct(target, args) as RegExp;
    const where = (new Error().stack ?? '').split('\n').slice(2).find((l) => /\/(src|channels)\//.test(l))?.trim() ?? 'unknown';
    seen.set(`${made.source}/${made.flags}`, { where: `new RegExp ${where.replace(/^at\s+/, '')}`, source: made.source, flags: made.flags });
    return made;
  },
}) as RegExpConstructor;

async function main(): Promise<void> {
  // require, not import: the modules must load after the constructor is watched.
  const { createResolver } = (require('../../src/resolver') as typeof import('../../src/resolver'));
  const resolver = await createResolver({ orderPrefix: 'SH-' });
  resolver.understand('where is order sh 20931? zip 78701 ana@example.com +1 512 555 0101', { expecting: null, orderPrefix: 'SH-' });
  const { checkDraftFacts } = (require('../../src/llm/fact-check') as typeof import('../../src/llm/fact-check'));
  try { checkDraftFacts({ draft: 'Order SH-20931 ships with UPS on 25 November.', facts: [] } as never); } catch { /* only the patterns matter */ }
  (require('../../src/llm/date-mentions') as typeof import('../../src/llm/date-mentions'));
  (require('../../src/llm/status-words') as typeof import('../../src/llm/status-words'));
  const { keepLiteralEntities } = (require('../../src/llm/literal-entities') as typeof import('../../src/llm/literal-entities'));
  keepLiteralEntities({ orderNumbers: ['SH-20931'], emails: ['ana@example.com'], phones: ['+15125550101'], postcodes: ['78701'] }, 'order SH-20931 ana@example.com +15125550101 zip 78701');
  const rules = (require('../../src/handoff/rules') as typeof import('../../src/handoff/rules'));
  rules.handoffReason({ intent: 'other', text: 'I will call my lawyer about a chargeback', misunderstoodTurns: 0, verificationLocked: false, negative: false }, { lateDays: 2, keywords: ['lawyer', 'chargeback', '退款'], orderValueOver: undefined });
  const { skuMatches } = (require('../../src/knowledge/match') as typeof import('../../src/knowledge/match'));
  skuMatches('TEE-RED-M', ['TEE-*']);
  const voice = (require('../../channels/voice/render') as typeof import('../../channels/voice/render'));
  voice.toSpeech({ text: 'Order SH-20931 is on its way.', channelData: { wismo: { orderId: 'SH-20931' } } });
  process.stdout.write(JSON.stringify([...seen.values()]));
}

main().catch((err) => {
  process.stderr.write(String(err?.stack ?? err));
  process.exit(1);
});
