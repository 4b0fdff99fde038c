/**
 * Turns a message into sparse classifier features. Char n-grams inside words make the model
 * tolerant of shopper typos ("trackin hasnt movd" shares most n-grams with "tracking hasn't moved");
 * word and word-pair features carry the exact phrasing; Han text has no spaces, so characters and
 * character pairs play the role of words.
 */
import { fold, hasHan, words } from './text';

export type FeatureVector = Map<string, number>;

function addLatinWord(features: FeatureVector, word: string): void {
  features.set(`w:${word}`, 1);
  if (word.length > 5) features.set(`s:${word.slice(0, 5)}`, 1);
  const padded = `^${word}$`;
  for (const n of [3, 4]) {
    for (let i = 0; i + n <= padded.length; i++) features.set(`c:${padded.slice(i, i + n)}`, 0.5);
  }
}

export function featuresOf(text: string): FeatureVector {
  const features: FeatureVector = new Map();
  const tokens = words(fold(text)).filter((w) => !/^\d+$/.test(w));
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (hasHan(token)) features.set(`w:${token}`, 1);
    else addLatinWord(features, token);
    if (i > 0) features.set(`b:${tokens[i - 1]}_${token}`, 1);
    if (i > 1 && hasHan(token)) features.set(`t:${tokens[i - 2]}${tokens[i - 1]}${token}`, 1);
  }
  if (tokens.length === 0) features.set('empty', 1);
  // Unit length, so a long message is not more confident than a short one just for its size.
  const norm = Math.sqrt([...features.values()].reduce((sum, v) => sum + v * v, 0));
  for (const [k, v] of features) features.set(k, v / norm);
  return features;
}
