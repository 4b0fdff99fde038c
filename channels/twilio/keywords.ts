/**
 * Twilio's standard opt-out keywords (formats §1). Twilio answers them itself, so the bot
 * never does; we only keep consent in step. A keyword counts only as the whole body.
 */
const OPT_OUT = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT']);
const OPT_IN = new Set(['START', 'YES', 'UNSTOP']);
const HELP = new Set(['HELP', 'INFO']);

export type KeywordKind = 'opt_out' | 'opt_in' | 'help';

/**
 * The keyword a message is, from Advanced Opt-Out's `OptOutType` when Twilio sends it
 * (custom keywords, other languages), else from the body itself.
 */
export function keywordOf(body: string, optOutType?: string): KeywordKind | undefined {
  switch (optOutType?.trim().toUpperCase()) {
    case 'STOP': return 'opt_out';
    case 'START': return 'opt_in';
    case 'HELP': return 'help';
  }
  const word = body.trim().replace(/(?<![.!])[.!]+$/, '').toUpperCase();
  if (OPT_OUT.has(word)) return 'opt_out';
  if (OPT_IN.has(word)) return 'opt_in';
  if (HELP.has(word)) return 'help';
  return undefined;
}
