import express, { Router, type Request, type Response } from 'express';
import twilio from 'twilio';
import { z } from 'zod';
import type { Activity } from 'botbuilder';
import type { Logger } from '../../src/log/logger';
import { parseRelayedBody } from '../../src/http/errors';
import { requireTwilioSignature } from '../twilio/signature';
import type { VoiceSettings } from '../twilio/settings';
import type { CollectingAdapter } from '../twilio/turn-adapter';
import { greetingLanguage, promptsFor } from './prompts';
import { toSpeech, voiceLanguage, DEFAULT_VOICE_LANGUAGE } from './render';
import { confirmation, heardOrderNumber, spellOut } from './speech';
import { CallStateCodec, type CallState } from './state';

type VoiceResponse = InstanceType<typeof twilio.twiml.VoiceResponse>;
type SayLanguage = NonNullable<Parameters<VoiceResponse['say']>[0] extends infer A ? (A extends { language?: infer L } ? L : never) : never>;
type GatherLanguage = NonNullable<Parameters<VoiceResponse['gather']>[0] extends infer A ? (A extends { language?: infer L } ? L : never) : never>;

export const VOICE_PATH = '/channels/twilio/voice';
/** Prompts without a usable answer before the call ends (or goes to a person). */
const MAX_MISSES = 2;

const callSchema = z.looseObject({
  CallSid: z.string().regex(/^CA[0-9a-fA-F]{32}$/, { message: 'expected a call SID (CA..., 34 characters)' }),
  From: z.string().max(100).default(''),
  To: z.string().max(100).default(''),
  SpeechResult: z.string().max(2000).optional(),
  Confidence: z.string().optional(),
  Digits: z.string().max(50).optional(),
});
type CallWebhook = z.infer<typeof callSchema>;

interface VoiceDeps {
  settings: VoiceSettings;
  adapter: CollectingAdapter;
  logger: Logger;
  shopName: string;
}

/** Twilio Voice: the call asks for the order number, reads it back, then talks to the bot. */
export function voiceRouter(deps: VoiceDeps): Router {
  const { settings, logger } = deps;
  const codec = new CallStateCodec(settings.authToken);
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: settings.bodyLimit });
  const signed = requireTwilioSignature(settings.authToken, settings.publicBaseUrl);

  const gather = (twiml: VoiceResponse, call: CallWebhook, state: CallState, path: 'gather' | 'confirm', say: { text: string; language: string }[], hints?: string) => {
    const g = twiml.gather({
      input: ['speech', 'dtmf'],
      speechTimeout: 'auto',
      language: state.lang as GatherLanguage,
      actionOnEmptyResult: true,
      action: `${settings.publicBaseUrl}${VOICE_PATH}/${path}?s=${encodeURIComponent(codec.encode(call.CallSid, state))}`,
      method: 'POST',
      ...(path === 'confirm' ? { numDigits: 1 } : { finishOnKey: '#' }),
      ...(hints ? { hints } : {}),
    });
    for (const s of say) g.say({ language: s.language as SayLanguage }, s.text);
  };
  /** A fixed prompt in the call's language. */
  const prompt = (state: CallState, pick: (p: ReturnType<typeof promptsFor>) => string) => ({ text: pick(promptsFor(state.lang)), language: state.lang });
  const say = (twiml: VoiceResponse, lang: string, pick: (p: ReturnType<typeof promptsFor>) => string) => twiml.say({ language: lang as SayLanguage }, pick(promptsFor(lang)));

  const send = (res: Response, twiml: VoiceResponse) => res.type('text/xml').send(twiml.toString());
  const stateOf = (req: Request, call: CallWebhook): CallState =>
    codec.decode(call.CallSid, req.query.s) ?? { step: 'ask', lang: DEFAULT_VOICE_LANGUAGE, misses: 0 };

  /** The bot's turn, and its replies as speech; the call goes on, or to a person on handoff. */
  const answer = async (twiml: VoiceResponse, call: CallWebhook, state: CallState, text: string) => {
    const provenPhone = /^\+[1-9]\d{6,14}$/.test(call.From) ? call.From : undefined;
    const replies: Partial<Activity>[] = await deps.adapter.runTurn({
      channel: 'voice', conversationId: call.CallSid, senderId: call.From || call.CallSid, text, locale: state.lang, provenPhone,
    });
    const last = replies[replies.length - 1];
    const lang = voiceLanguage(last?.locale ?? state.lang);
    const spoken = replies.map((r) => ({ text: toSpeech(r), language: voiceLanguage(r.locale ?? lang) })).filter((s) => s.text !== '');
    const handoff = replies.some((r) => (r.channelData as { wismo?: { handoff?: boolean } } | undefined)?.wismo?.handoff === true);
    if (handoff) {
      for (const s of spoken) twiml.say({ language: s.language as SayLanguage }, s.text);
      if (settings.supportNumber) {
        twiml.dial({ answerOnBridge: true }, settings.supportNumber);
      } else {
        say(twiml, lang, (p) => p.callBack);
        twiml.hangup();
      }
      return;
    }
    const linked = replies.some((r) => (r.channelData as { wismo?: { orderId?: string } } | undefined)?.wismo?.orderId);
    // Linked: the question is answered, offer another. Otherwise the bot asked something (a postcode...).
    const next: CallState = { step: 'reply', lang, misses: 0 };
    gather(twiml, call, next, 'gather', linked ? [...spoken, prompt(next, (p) => p.anythingElse)] : spoken);
    say(twiml, lang, (p) => p.goodbye);
  };

  const guarded = (handler: (req: Request, twiml: VoiceResponse, call: CallWebhook) => Promise<void>) => async (req: Request, res: Response) => {
    const call = parseRelayedBody(callSchema, req.body);
    const twiml = new twilio.twiml.VoiceResponse();
    try {
      await handler(req, twiml, call);
      send(res, twiml);
    } catch (err) {
      // One failed turn ends this call politely; the process and other calls go on.
      logger.error({ err, callSid: call.CallSid }, 'voice: webhook failed');
      const sorry = new twilio.twiml.VoiceResponse();
      say(sorry, voiceLanguage(greetingLanguage(call.From)), (p) => p.trouble);
      sorry.hangup();
      send(res, sorry);
    }
  };

  router.post(VOICE_PATH, form, signed, guarded(async (_req, twiml, call) => {
    // Greeted in the language of the caller id's country; the caller's own words take over from there.
    const first: CallState = { step: 'ask', lang: voiceLanguage(greetingLanguage(call.From)), misses: 0 };
    gather(twiml, call, first, 'gather', [prompt(first, (p) => p.welcome(deps.shopName))], 'order number, order');
    say(twiml, first.lang, (p) => p.goodbye);
  }));

  router.post(`${VOICE_PATH}/gather`, form, signed, guarded(async (req, twiml, call) => {
    const state = stateOf(req, call);
    const speech = call.SpeechResult?.trim() ?? '';
    const digits = call.Digits?.replace(/[^0-9*]/g, '') ?? '';
    if (state.step === 'ask') {
      const heard = heardOrderNumber(speech, digits);
      if (heard) {
        gather(twiml, call, { step: 'confirm', heard, lang: state.lang, misses: 0 }, 'confirm', [prompt(state, (p) => p.readBack(spellOut(heard)))], 'yes, no');
        return;
      }
      // Not an order number but words: a question for the bot ("what are your shipping times?").
      if (speech !== '') return answer(twiml, call, state, speech);
      return missed(twiml, call, state, (p) => p.askAgain);
    }
    // The caller answers the bot: a postcode, an email, another question; keyed digits count as text.
    const text = speech !== '' ? speech : digits.replace(/\*/g, '');
    if (text !== '') return answer(twiml, call, state, text);
    return missed(twiml, call, state, (p) => p.stillThere);
  }));

  router.post(`${VOICE_PATH}/confirm`, form, signed, guarded(async (req, twiml, call) => {
    const state = stateOf(req, call);
    const answerGiven = confirmation(call.SpeechResult, call.Digits);
    if (state.step !== 'confirm' || !state.heard || answerGiven === 'no') {
      gather(twiml, call, { step: 'ask', lang: state.lang, misses: 0 }, 'gather', [prompt(state, (p) => p.tryAgain)], 'order number, order');
      return;
    }
    if (answerGiven === 'yes') return answer(twiml, call, state, `order ${state.heard}`);
    if (state.misses >= MAX_MISSES) return goodbye(twiml, state.lang);
    gather(twiml, call, { ...state, misses: state.misses + 1 }, 'confirm', [prompt(state, (p) => p.confirmAgain)], 'yes, no');
  }));

  function missed(twiml: VoiceResponse, call: CallWebhook, state: CallState, again: (p: ReturnType<typeof promptsFor>) => string): void {
    if (state.misses >= MAX_MISSES) return goodbye(twiml, state.lang);
    gather(twiml, call, { ...state, misses: state.misses + 1 }, 'gather', [prompt(state, again)], state.step === 'ask' ? 'order number, order' : undefined);
  }

  function goodbye(twiml: VoiceResponse, lang: string): void {
    say(twiml, lang, (p) => p.goodbye);
    twiml.hangup();
  }

  return router;
}
