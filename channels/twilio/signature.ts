import type { RequestHandler } from 'express';
import twilio from 'twilio';
import { HttpError } from '../../src/http/errors';

/**
 * Checks X-Twilio-Signature with the twilio library over the URL Twilio called:
 * PUBLIC_BASE_URL + the original path and query (the host the proxy shows us may differ),
 * and every form parameter received (Twilio adds parameters without notice).
 */
export function requireTwilioSignature(authToken: string, publicBaseUrl: string): RequestHandler {
  return (req, _res, next) => {
    const signature = req.header('x-twilio-signature');
    const url = publicBaseUrl + req.originalUrl;
    const params = isPlainObject(req.body) ? (req.body as Record<string, unknown>) : {};
    if (!signature || !twilio.validateRequest(authToken, signature, url, params)) {
      next(new HttpError(403, signature ? 'invalid Twilio signature' : 'missing Twilio signature'));
      return;
    }
    next();
  };
}

function isPlainObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
