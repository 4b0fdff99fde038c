import { languageOfLocale } from '../../vocabulary';
import { chineseScriptOfLocale } from '../../resolver/script';
import { regionalVariantOf } from '../../resolver/variant';
import type { Understanding } from '../../resolver/types';
import type { Turn } from '../turn';

/**
 * Understand: the message's intent, details and language (the local resolver, and the model
 * where the local reading is unsure), and the reply's language, script and regional words.
 */
export async function understand(turn: Turn, cutAt?: number): Promise<void> {
  const m = turn.memory;
  turn.u = turn.deps.resolver.understand(turn.msg.text, {
    expecting: m.expecting,
    conversationLanguage: m.language,
    locale: turn.msg.locale,
    orderPrefix: turn.deps.shop.orderPrefix,
  });
  if (turn.deps.llm?.consult(turn.u)) turn.u = await withModel(turn, turn.u);
  turn.intent = turn.u.intent;
  turn.lang = turn.u.language ?? m.language ?? languageOfLocale(turn.msg.locale) ?? 'en';
  m.language = turn.lang;
  if (turn.lang === 'zh') m.script = turn.u.script ?? m.script ?? chineseScriptOfLocale(turn.msg.locale);
  m.variant = regionalVariantOf(turn.lang, turn.msg.text, turn.msg.locale, m.variant);
  m.lastIntent = turn.intent;
  if (cutAt) turn.say('message_truncated', { limit: cutAt });
}

/** The model's reading where the local one is unsure; its entities only add what the shopper typed. */
async function withModel(turn: Turn, local: Understanding): Promise<Understanding> {
  const model = await turn.deps.llm!.understand({ text: turn.msg.text, history: await turn.history(), local, expecting: turn.memory.expecting });
  if (!model) return local;
  const merge = (a: string[], b: string[] = []) => [...new Set([...a, ...b])];
  return {
    ...local,
    intent: model.intent ?? local.intent,
    alsoIntents: model.alsoIntents ?? local.alsoIntents,
    problem: model.problem ?? local.problem,
    language: model.language ?? local.language,
    confidence: model.intent ? Math.max(local.confidence, 0.6) : local.confidence,
    entities: {
      orderNumbers: merge(local.entities.orderNumbers, model.entities?.orderNumbers),
      emails: merge(local.entities.emails, model.entities?.emails),
      phones: merge(local.entities.phones, model.entities?.phones),
      postcodes: merge(local.entities.postcodes, model.entities?.postcodes),
    },
  };
}
