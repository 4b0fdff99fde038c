/**
 * Local understanding of a shopper message: entities, language, intent(s), delivery problem
 * kind and tone. Combines the trained classifier with rule signals and the "only details" check.
 */
import { IntentClassifier, type Prediction } from './classifier';
import { fileModelCache, modelKey, type ModelCache } from './model-cache';
import { readLeftover } from './details';
import { scanEntities } from './entities';
import { withoutDetailLabels } from './labels';
import { detectLanguage, warmUpLanguageDetector } from './language';
import { isCorrection, isNegative, ruleSignals } from './rules';
import { fold, words } from './text';
import { inSimplified, isTranslitRussian, simplified, toCyrillic } from './script';
import { INTENTS, languageOfLocale, type Entities, type Intent, type Understanding, type UnderstandingContext } from './types';
import { allUtterances, type Utterance } from './utterances';

export interface Resolver {
  understand(text: string, ctx: UnderstandingContext): Understanding;
}

export interface ResolverOptions {
  /** Merchant order prefix such as "SH-"; `ctx.orderPrefix` overrides it per message. */
  orderPrefix?: string;
  /** Which utterances to train on (tests hold some out); all by default. */
  trainOn?: (u: Utterance) => boolean;
}

/** Messages longer than this are cut before classification: the intent is in the first lines or the last. */
const MAX_CLASSIFIED_CHARS = 1500;
/** A rule hit adds this much to the classifier's probability for its intent. */
const RULE_BOOST = 1;
const SMALL_TALK = (i: Intent) => i === 'greeting' || i === 'thanks';
const CLAUSE_SPLIT =
  /[?!.;。？！；\n]+|\s(?:and|also|plus|but|y|pero|et|mais|und|aber|e|ma|mas|и|но)\s|还有|另外|，|,/u;

function entityCount(e: Entities): number {
  return e.orderNumbers.length + e.emails.length + e.phones.length + e.postcodes.length;
}

/** An order number with an email, phone or postcode beside it, or more than one order number. */
function identifiesOrders(e: Entities): boolean {
  const details = e.emails.length + e.phones.length + e.postcodes.length;
  return (e.orderNumbers.length >= 1 && details >= 1) || e.orderNumbers.length >= 2;
}

/** Long texts: keep the start and the end, where shoppers put the question. */
function clip(text: string): string {
  if (text.length <= MAX_CLASSIFIED_CHARS) return text;
  const half = MAX_CLASSIFIED_CHARS / 2;
  return `${text.slice(0, half)} ${text.slice(-half)}`;
}

class LocalResolver implements Resolver {
  constructor(
    private readonly classifier: IntentClassifier,
    private readonly orderPrefix?: string,
  ) {}

  understand(text: string, ctx: UnderstandingContext): Understanding {
    const raw = typeof text === 'string' ? text : '';
    const expecting = ctx?.expecting ?? null;
    // Traditional Chinese is scanned in Simplified, so its labels ("訂單", "手機") are the known ones.
    const { text: scannable, script } = inSimplified(raw);
    const scanned = scanEntities(scannable, { expecting, orderPrefix: ctx?.orderPrefix ?? this.orderPrefix });
    const { entities } = scanned;
    // Russian in Latin letters and Traditional Chinese are read in the script the data is in.
    const translit = isTranslitRussian(words(fold(scanned.rest)));
    const unlabelled = withoutDetailLabels(scannable, scanned.rest);
    const rest = translit ? toCyrillic(unlabelled) : unlabelled;
    const folded = fold(rest);
    const leftover = readLeftover(folded);
    const prior = ctx?.conversationLanguage ?? languageOfLocale(ctx?.locale);
    // A message that is only details ("PLZ 1010", an email) never changes the conversation's language;
    // near-ties (a lone "pedido": Spanish or Portuguese?) go to the conversation's language, else the locale's.
    const detailsOnly = leftover.onlyFiller && entityCount(entities) > 0 && !leftover.greeting && !leftover.thanks;
    const language = translit ? 'ru' : detailsOnly && prior ? prior : detectLanguage(raw, undefined, prior);
    const negative = isNegative(raw, fold(raw)) || (translit && isNegative(rest, folded));
    const base = { entities, language, negative, ...(script ? { script } : {}) };

    if (leftover.onlyFiller) {
      const extras: Intent[] = [];
      if (leftover.greeting) extras.push('greeting');
      if (leftover.thanks) extras.push('thanks');
      if (entityCount(entities) > 0) {
        // §7: bare details answer the bot's question; sent unprompted they start an order lookup.
        const intent: Intent = expecting ? 'provide_details' : 'order_status';
        const also: Intent[] = [expecting ? 'order_status' : 'provide_details', ...extras];
        return { ...base, intent, alsoIntents: expecting ? extras : also, confidence: 0.9 };
      }
      // "OK, thanks!" ends the conversation: thanks wins over a greeting word.
      if (extras.length > 0) extras.sort((a) => (a === 'thanks' ? -1 : 1));
      if (extras.length > 0) return { ...base, intent: extras[0], alsoIntents: extras.slice(1), confidence: 0.9 };
      if (words(folded).length === 0) return { ...base, intent: 'other', alsoIntents: [], confidence: 0.3 };
      // A detail of no known shape ("d06kf92", "〒150-0001") answering the bot's question.
      if (expecting === 'verification' && leftover.detailLike) return { ...base, intent: 'provide_details', alsoIntents: [], confidence: 0.7 };
    }
    // Blanked details leave runs of spaces: the classifier and the rules read the words as written around them.
    const classified = this.classify(clip(rest.replace(/\s+/g, ' ').trim()), leftover.contentWords.length);
    // Answering the bot's question with a correction ("ho sbagliato: 331 884 0982") or with
    // words the classifier cannot place ("Postleitzahl ist 50823"): details, not a new topic.
    // So is "ok fine 97214": small talk around a detail answers the question.
    // So is a detail with a word or two that no rule places ("desculpe, é X"); a question
    // around details ("where is X?") stays a question (contract §7).
    const fewWords = leftover.contentWords.length <= 2 && classified.confidence < 1 && !/[?？]/u.test(raw);
    if (expecting && entityCount(entities) > 0 && (classified.intent === 'other' || SMALL_TALK(classified.intent) || isCorrection(folded) || fewWords)) {
      return { ...base, ...classified, intent: 'provide_details', problem: undefined, confidence: 0.8 };
    }
    // Details with words the classifier cannot place ("sorry typo, i meant 58213", "and what
    // about A-7791?"): no rule fired (a rule would push confidence past 1), so they are about the order.
    // Thanks or a greeting do not come with an order number or an email ("ok what about x@y.com").
    if (entityCount(entities) > 0 && (classified.confidence < 0.5 || SMALL_TALK(classified.intent))) {
      return { ...base, ...classified, intent: expecting ? 'provide_details' : 'order_status', confidence: 0.6 };
    }
    // An order named together with a detail to check it by, or several orders at once, around words
    // only the classifier files as "other" (no rule for another topic fired): the shopper is
    // identifying orders to look up (contract §7: details sent unprompted with a question are order_status).
    if (!expecting && classified.intent === 'other' && classified.confidence < 1 && identifiesOrders(entities)) {
      return { ...base, ...classified, intent: 'order_status', confidence: 0.6 };
    }
    return { ...base, ...classified };
  }

  private classify(rest: string, contentWordCount: number): Pick<Understanding, 'intent' | 'alsoIntents' | 'problem' | 'confidence'> {
    const folded = fold(rest);
    const rules = ruleSignals(folded);
    if (rules.injection) return { intent: 'other', alsoIntents: [], confidence: 0.95 };

    const prediction = this.classifier.predict(rest);
    const score = (intent: Intent) =>
      (prediction.ranked.find((r) => r.label === intent)?.probability ?? 0) + (rules.intents.has(intent) ? RULE_BOOST : 0);
    const ranked = INTENTS.filter((i) => i !== 'provide_details').sort((a, b) => score(b) - score(a));
    let intent: Intent = ranked[0];
    // "hi, my parcel says delivered but..." is about the parcel, not a greeting.
    if (SMALL_TALK(intent) && contentWordCount >= 3) {
      const substantive = ranked.find((i) => !SMALL_TALK(i) && i !== 'other')!;
      if (score(substantive) >= 0.15) intent = substantive;
    }
    if (score(intent) < 0.2) intent = 'other';

    const clauses = this.clauseIntents(rest);
    // A story around one clear question ("I'm the buyer, I lost the email, just tell me where it is"): the question.
    if (intent === 'other' && clauses.length > 0) intent = clauses[0];
    const also = new Set<Intent>([...rules.intents, ...clauses]);
    also.delete('other');
    also.delete(intent);
    if (rules.intents.has('order_status') && intent === 'change_order') also.delete('change_order');
    return {
      intent,
      alsoIntents: [...also],
      problem: rules.problem,
      confidence: Math.min(1, Math.round(score(intent) * 100) / 100),
    };
  }

  /** Intents of the single questions in a message ("where is it? and can I return it?"). */
  private clauseIntents(rest: string): Intent[] {
    const clauses = rest.split(CLAUSE_SPLIT).filter((c) => c && words(fold(c)).length >= 3).slice(0, 6);
    if (clauses.length < 2) return [];
    return clauses
      .map((c): Prediction => this.classifier.predict(c))
      .filter((p) => p.probability >= 0.75 && p.label !== 'other')
      .map((p) => p.label as Intent);
  }
}

/** The classifier trained on every utterance, shared by all resolvers of the process. */
let sharedClassifier: Promise<IntentClassifier> | undefined;

function train(trainOn?: (u: Utterance) => boolean, cache: ModelCache = fileModelCache()): Promise<IntentClassifier> {
  return Promise.resolve().then(() => {
    const chosen = allUtterances().filter((u) => !trainOn || trainOn(u));
    const key = modelKey(JSON.stringify(chosen.map((u) => [u.lang, u.intent, u.text])));
    const stored = key ? cache.load(key) : undefined;
    const restored = stored && IntentClassifier.restore(stored);
    if (restored) return restored;
    const model = IntentClassifier.train(chosen.map((u) => ({ text: asClassified(u), label: u.intent })));
    if (key) cache.save(key, model.saved());
    return model;
  });
}

/**
 * A training utterance as understand() gives messages to the classifier: details and their
 * labels blanked, in the script of the data (Simplified Chinese, Cyrillic Russian).
 */
function asClassified(u: Utterance): string {
  const source = u.lang === 'zh' ? simplified(u.text) : u.text;
  const rest = withoutDetailLabels(source, scanEntities(source, { expecting: null }).rest);
  return u.lang === 'ru' && !/\p{Script=Cyrillic}/u.test(rest) ? toCyrillic(rest) : rest;
}

/** Trains (once per process, shared by every caller) and returns a resolver. */
export async function createResolver(opts: ResolverOptions = {}): Promise<Resolver> {
  warmUpLanguageDetector();
  const classifier = await (opts.trainOn ? train(opts.trainOn) : (sharedClassifier ??= train()));
  return new LocalResolver(classifier, opts.orderPrefix);
}
