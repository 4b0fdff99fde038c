/**
 * `npx tsx bench/language-id.ts`: language-identification libraries against the bot's own
 * detector (src/resolver/language.ts) on short shopper messages in our 8 languages
 * (bench/language-id-cases.json: 400 hand-written chat messages, 50 per language).
 *
 * Each library is restricted to our 8 languages where it offers that, and tuned for short text
 * where it has a documented knob (franc `minLength`, cld3 `minBytes`); its codes are mapped to ours
 * and anything else (another language, 'und', '') counts as wrong. So does `undefined` from the
 * bot's detector, which is called without fallback or prior, as for a conversation's first message.
 *
 * Reported per detector: overall accuracy, accuracy per language, on 1-2 word messages (Han-only
 * messages: at most 4 characters), on Russian typed in Latin letters, on the messages that are not
 * (accent- and punctuation-folded) in the bot's training utterances, and mean microseconds per
 * call, warm (one untimed pass first, then the 400 messages x 5 runs).
 * `--errors` also lists every wrong answer.
 */
import fs from 'node:fs';
import path from 'node:path';
import { detectLanguage, warmUpLanguageDetector } from '../src/resolver/language';
import { allUtterances } from '../src/resolver/utterances';
import { LANGUAGES, type Lang } from '../src/resolver/types';

interface Case {
  text: string;
  lang: Lang;
}

interface Detector {
  name: string;
  /** How it is set up, for the table. */
  config: string;
  /** Loads and returns the detect function (raw library code, or undefined). */
  setup: () => Promise<(text: string) => string | undefined>;
  /** Library code -> one of ours, or undefined (= wrong). */
  map: (code: string | undefined) => Lang | undefined;
}

const RUNS = 5;
const OURS: readonly string[] = LANGUAGES;

const ISO3: Record<string, Lang> = { eng: 'en', spa: 'es', fra: 'fr', deu: 'de', ita: 'it', por: 'pt', rus: 'ru', cmn: 'zh' };

const iso1 = (code: string | undefined): Lang | undefined => (code && OURS.includes(code) ? (code as Lang) : undefined);
/** cld3 also answers 'ru-Latn' (Russian in Latin letters) and 'zh-Latn' (pinyin): still ours. */
const bcp47 = (code: string | undefined): Lang | undefined => iso1(code?.split('-')[0]);

const DETECTORS: Detector[] = [
  {
    name: 'bot (src/resolver/language)',
    config: 'detectLanguage(text), no fallback, no prior',
    setup: async () => {
      warmUpLanguageDetector();
      return (text) => detectLanguage(text);
    },
    map: iso1,
  },
  {
    name: 'eld 2.1 large',
    config: "load('large'), setLanguageSubset(8)",
    setup: async () => {
      const { eld } = await import('eld');
      const detector = eld.newInstance() as typeof eld & { load(size?: string): Promise<void | true> };
      await detector.load('large');
      detector.setLanguageSubset([...LANGUAGES]);
      return (text) => detector.detect(text).language;
    },
    map: iso1,
  },
  {
    name: 'eld 2.1 extrasmall',
    config: "load('extrasmall'), setLanguageSubset(8)",
    setup: async () => {
      const { eld } = await import('eld');
      const detector = eld.newInstance() as typeof eld & { load(size?: string): Promise<void | true> };
      await detector.load('extrasmall');
      detector.setLanguageSubset([...LANGUAGES]);
      return (text) => detector.detect(text).language;
    },
    map: iso1,
  },
  {
    name: 'tinyld 1.3 (normal)',
    config: 'detect(text, { only: 8 })',
    setup: async () => {
      const { detect } = await import('tinyld');
      const only = [...LANGUAGES];
      return (text) => detect(text, { only });
    },
    map: iso1,
  },
  {
    name: 'tinyld 1.3 heavy',
    config: "'tinyld/heavy', detect(text, { only: 8 })",
    setup: async () => {
      const { detect } = await import('tinyld/heavy');
      const only = [...LANGUAGES];
      return (text) => detect(text, { only });
    },
    map: iso1,
  },
  {
    name: 'franc-min 6.2',
    config: 'franc(text, { only: 8 ISO 639-3, minLength: 1 })',
    setup: async () => {
      const { franc } = await import('franc-min');
      const only = Object.keys(ISO3);
      return (text) => franc(text, { only, minLength: 1 });
    },
    map: (code) => (code ? ISO3[code] : undefined),
  },
  {
    name: 'cld3-asm 4.0',
    config: 'create(0, 700).findLanguage(text); no language filter in its API',
    setup: async () => {
      const { loadModule } = await import('cld3-asm');
      const identifier = (await loadModule()).create(0, 700);
      return (text) => identifier.findLanguage(text).language;
    },
    map: bcp47,
  },
  {
    // The one thing a library adds here: cld3 knows Russian typed in Latin letters ('ru-Latn').
    name: 'bot + cld3 ru-Latn override',
    config: "bot's answer, unless the message has no Cyrillic/Han and cld3 says 'ru-Latn'",
    setup: async () => {
      warmUpLanguageDetector();
      const { loadModule } = await import('cld3-asm');
      const identifier = (await loadModule()).create(0, 700);
      return (text) => {
        if (!/[\u0400-\u04ff\u3400-\u9fff\uf900-\ufaff]/.test(text) && identifier.findLanguage(text).language === 'ru-Latn') return 'ru';
        return detectLanguage(text);
      };
    },
    map: iso1,
  },
];

/** Accent-, case- and punctuation-folded form, to spot cases that are also training utterances. */
const normalize = (text: string): string =>
  text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^\p{L}\p{N} ]/gu, '').replace(/\s+/g, ' ').trim();

const HAN = /[\u3400-\u9fff\uf900-\ufaff]/g;
const isShort = (text: string): boolean => {
  const han = (text.match(HAN) ?? []).length;
  if (han > 0 && !/[a-z\u0400-\u04ff]/i.test(text)) return han <= 4;
  return text.trim().split(/\s+/).length <= 2;
};
const isTranslitRu = (c: Case): boolean => c.lang === 'ru' && !/[\u0400-\u04ff]/.test(c.text);

interface Result {
  detector: Detector;
  answers: Array<Lang | undefined>;
  raw: Array<string | undefined>;
  microsPerCall: number;
  setupMs: number;
}

async function measure(detector: Detector, cases: Case[]): Promise<Result> {
  const t0 = performance.now();
  const detect = await detector.setup();
  const setupMs = performance.now() - t0;
  const raw = cases.map((c) => detect(c.text)); // also the warm-up pass
  let sink = 0;
  const start = process.hrtime.bigint();
  for (let run = 0; run < RUNS; run++) for (const c of cases) sink += detect(c.text)?.length ?? 0;
  const elapsedNs = Number(process.hrtime.bigint() - start);
  if (sink < 0) console.log(sink); // keeps the timed calls from being optimised away
  return { detector, raw, answers: raw.map(detector.map), microsPerCall: elapsedNs / 1000 / (RUNS * cases.length), setupMs };
}

const pct = (hits: number, n: number): string => (n === 0 ? 'n/a' : `${((100 * hits) / n).toFixed(1)}%`);

function accuracy(r: Result, cases: Case[], keep: (c: Case) => boolean): string {
  let n = 0;
  let hits = 0;
  cases.forEach((c, i) => {
    if (!keep(c)) return;
    n++;
    if (r.answers[i] === c.lang) hits++;
  });
  return pct(hits, n);
}

async function main(): Promise<void> {
  const cases = JSON.parse(fs.readFileSync(path.join(__dirname, 'language-id-cases.json'), 'utf8')) as Case[];
  for (const c of cases) if (!OURS.includes(c.lang)) throw new Error(`bad label: ${JSON.stringify(c)}`);
  const seen = new Set(allUtterances().map((u) => normalize(u.text)));
  const unseen = (c: Case): boolean => !seen.has(normalize(c.text));

  const results: Result[] = [];
  for (const detector of DETECTORS) {
    try {
      results.push(await measure(detector, cases));
    } catch (err) {
      console.log(`${detector.name}: failed (${(err as Error).message})`);
    }
  }

  const count = (keep: (c: Case) => boolean): number => cases.filter(keep).length;
  console.log(`\n## Language identification on ${cases.length} short shopper messages\n`);
  console.log(
    `1-2 words: ${count((c) => isShort(c.text))}, Russian in Latin letters: ${count(isTranslitRu)}, ` +
      `not in the bot's training utterances: ${count(unseen)}. Timing: warm, ${cases.length} messages x ${RUNS} runs, Node ${process.version}.\n`,
  );
  console.log('| detector | overall | 1-2 words | ru translit | unseen by bot | µs/call | setup ms | setup |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const r of results) {
    console.log(
      `| ${r.detector.name} | ${accuracy(r, cases, () => true)} | ${accuracy(r, cases, (c) => isShort(c.text))} | ` +
        `${accuracy(r, cases, isTranslitRu)} | ${accuracy(r, cases, unseen)} | ${r.microsPerCall.toFixed(1)} | ` +
        `${r.setupMs.toFixed(0)} | ${r.detector.config} |`,
    );
  }

  console.log(`\n### Accuracy per language (${cases.length / LANGUAGES.length} messages each)\n`);
  console.log(`| detector | ${LANGUAGES.join(' | ')} |`);
  console.log(`| --- | ${LANGUAGES.map(() => '---:').join(' | ')} |`);
  for (const r of results) {
    console.log(`| ${r.detector.name} | ${LANGUAGES.map((l) => accuracy(r, cases, (c) => c.lang === l)).join(' | ')} |`);
  }

  console.log('\n### 1-2 word messages per language\n');
  console.log(`| detector | ${LANGUAGES.join(' | ')} |`);
  console.log(`| --- | ${LANGUAGES.map(() => '---:').join(' | ')} |`);
  for (const r of results) {
    console.log(
      `| ${r.detector.name} | ${LANGUAGES.map((l) => accuracy(r, cases, (c) => c.lang === l && isShort(c.text))).join(' | ')} |`,
    );
  }

  if (process.argv.includes('--errors')) {
    for (const r of results) {
      console.log(`\n### Wrong answers: ${r.detector.name}\n`);
      cases.forEach((c, i) => {
        if (r.answers[i] !== c.lang) console.log(`- [${c.lang}] ${JSON.stringify(c.text)} -> ${JSON.stringify(r.raw[i] ?? null)}`);
      });
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
