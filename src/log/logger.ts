import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

const EMAIL = /(?<![A-Za-z0-9._%+-])([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;
const PHONE = /(\+?\d[\d\s().-]{6,}\d)/g;

/** Masks emails and phone numbers in a string: PII stays out of logs. */
export function maskPii(text: string): string {
  return text
    .replace(EMAIL, (_m, first: string, domain: string) => `${first}***@${domain}`)
    .replace(PHONE, (m) => {
      const digits = m.replace(/\D/g, '');
      // Nine digits and more: phone numbers (local or E.164), not status codes like "500 20500".
      return digits.length >= 9 ? `***${digits.slice(-2)}` : m;
    });
}

function maskDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskPii(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  // Errors too: database errors quote the offending values (message, pg's `detail`).
  if (value instanceof Error) return maskError(value, depth);
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDeep(v, depth + 1)]));
}

const QUERY_DETAIL = new Set(['params', 'parameters', 'values', 'query']);

/** An error as a plain object (pino's err serializer keeps it as is) with PII masked. */
function maskError(err: Error, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = { type: err.name, message: maskPii(err.message) };
  if (err.stack) out.stack = maskPii(err.stack);
  // A failed query's parameters are the shopper's text, addresses and order facts: never logged.
  for (const [k, v] of Object.entries(err)) if (!QUERY_DETAIL.has(k)) out[k] = maskDeep(v, depth + 1);
  if (err.cause !== undefined) out.cause = maskDeep(err.cause, depth + 1);
  return out;
}

/** JSON logs; secrets redacted by key, emails and phones masked everywhere. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'wismo-bot' },
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-twilio-signature"]', 'req.headers["x-hub-signature-256"]', '*.password', '*.token', '*.secret', '*.apiKey'],
        censor: '[redacted]',
      },
      formatters: {
        log: (obj) => maskDeep(obj) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? maskPii(a) : a)) as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}
