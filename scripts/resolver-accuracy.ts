/**
 * `npx tsx scripts/resolver-accuracy.ts`: trains the resolver without every 5th utterance of
 * each intent list (the held-out split test/resolver/heldout.test.ts uses) and prints the
 * held-out accuracy per language and per intent, and the corpus size.
 */
import { createResolver, LANGUAGES } from '../src/resolver';
import { allUtterances, isHeldOut } from '../src/resolver/utterances';

async function main(): Promise<void> {
  const resolver = await createResolver({ trainOn: (u) => !isHeldOut(u) });
  const all = allUtterances();
  const heldOut = all.filter(isHeldOut);
  const hit = (u: (typeof all)[number]) => resolver.understand(u.text, { expecting: null }).intent === u.intent;
  const pct = (list: typeof all) => (list.length ? `${((100 * list.filter(hit).length) / list.length).toFixed(1)}%` : '-');
  const intents = [...new Set(all.map((u) => u.intent))];
  console.log(`corpus: ${all.length} utterances; held out: ${heldOut.length} (every 5th of each intent list)\n`);
  console.log(`| intent | utterances | ${LANGUAGES.join(' | ')} | all |`);
  console.log(`| --- | --- | ${LANGUAGES.map(() => '---').join(' | ')} | --- |`);
  for (const intent of intents) {
    const row = LANGUAGES.map((l) => pct(heldOut.filter((u) => u.intent === intent && u.lang === l)));
    console.log(`| ${intent} | ${all.filter((u) => u.intent === intent).length} | ${row.join(' | ')} | ${pct(heldOut.filter((u) => u.intent === intent))} |`);
  }
  console.log(`| all | ${all.length} | ${LANGUAGES.map((l) => pct(heldOut.filter((u) => u.lang === l))).join(' | ')} | ${pct(heldOut)} |`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
