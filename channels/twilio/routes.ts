import express, { Router, type Request, type Response } from 'express';
import twilio from 'twilio';
import type { Logger } from '../../src/log/logger';
import type { MessagingServices } from '../../src/messaging';
import { parseBody, parseRelayedBody } from '../../src/http/errors';
import { inboundMessageSchema, statusCallbackSchema, toInboundMessage } from './inbound';
import type { InboundHandler } from './inbound-handler';
import { PROVIDER } from './sender';
import type { MessagingSettings } from './settings';
import { requireTwilioSignature } from './signature';

export const SMS_PATH = '/channels/twilio/sms';
export const STATUS_PATH = '/channels/twilio/status';

/** The inbound message and status callback webhooks (form-encoded, signed). */
export function messagingRouter(deps: { settings: MessagingSettings; handler: InboundHandler; messaging: MessagingServices; logger: Logger }): Router {
  const { settings, handler, messaging, logger } = deps;
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: settings.bodyLimit });
  const signed = requireTwilioSignature(settings.authToken, settings.publicBaseUrl);

  router.post(SMS_PATH, form, signed, async (req: Request, res: Response) => {
    const message = toInboundMessage(parseRelayedBody(inboundMessageSchema, req.body));
    let replies: string[] = [];
    try {
      replies = await handler.handle(message);
    } catch (err) {
      // One bad turn never takes the channel down; Twilio gets an empty answer (no retry storm).
      logger.error({ err, messageSid: message.messageSid }, 'twilio: inbound message failed');
    }
    const twiml = new twilio.twiml.MessagingResponse();
    for (const body of replies) twiml.message(body);
    res.type('text/xml').send(twiml.toString());
  });

  router.post(STATUS_PATH, form, signed, async (req: Request, res: Response) => {
    const cb = parseBody(statusCallbackSchema, req.body);
    const errorCode = cb.ErrorCode || undefined;
    const recorded = await messaging.deliveries.recordStatus(PROVIDER, cb.MessageSid, cb.MessageStatus, errorCode);
    if (recorded && errorCode === '21610' && cb.To) {
      // The number opted out after we queued the message.
      const to = cb.To;
      await messaging.contacts.setOptedOut(to.startsWith('whatsapp:') ? 'whatsapp' : 'sms', to.replace(/^whatsapp:/, ''), true);
    }
    if (recorded && errorCode) logger.info({ messageSid: cb.MessageSid, status: cb.MessageStatus, errorCode }, 'twilio: delivery error reported');
    res.status(204).end();
  });

  return router;
}
