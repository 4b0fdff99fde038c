/** Loads the per-language training utterances shipped next to this file. */
import { LANGUAGES, type Intent, type Lang } from './types';
import en from './utterances/en.json';
import es from './utterances/es.json';
import fr from './utterances/fr.json';
import de from './utterances/de.json';
import it from './utterances/it.json';
import pt from './utterances/pt.json';
import ru from './utterances/ru.json';
import zh from './utterances/zh.json';

export type UtteranceSet = Partial<Record<Intent, string[]>>;

const SETS: Record<Lang, UtteranceSet> = { en, es, fr, de, it, pt, ru, zh };

export interface Utterance {
  lang: Lang;
  intent: Intent;
  text: string;
  /** Position within its intent list, so tests can hold out every n-th one. */
  index: number;
}

export function allUtterances(): Utterance[] {
  const out: Utterance[] = [];
  for (const lang of LANGUAGES) {
    for (const [intent, texts] of Object.entries(SETS[lang]) as Array<[Intent, string[]]>) {
      texts.forEach((text, index) => out.push({ lang, intent, text, index }));
    }
  }
  return out;
}

/** The held-out split: every 5th utterance of each intent list is kept out of training in the accuracy test and report. */
export function isHeldOut(u: Pick<Utterance, 'index'>): boolean {
  return u.index % 5 === 4;
}
