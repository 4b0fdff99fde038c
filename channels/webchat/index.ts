import type http from 'node:http';
import express from 'express';
import type { ActivityHandler, Activity } from 'botbuilder';
import type { ConversationAddress, DeliveryResult, ProactiveMessage } from '../../src/vocabulary';
import type { Channel } from '../kit/channel';
import { on } from '../../src/vocabulary';
import { messageActivity } from '../../src/bot/wismo-bot';
import type { Config } from '../../src/config';
import type { Logger } from '../../src/log/logger';
import type { ActivityStore } from '../../src/messaging/directline-log';
import { DirectLineAdapter, WEBCHAT_CHANNEL, type DirectLineAdapterOptions } from './adapter';
import { directLineRouter } from './directline-routes';
import { KeyedSerial } from '../kit/keyed-serial';
import { pageRouter } from './page-routes';
import { StreamHub } from './stream';
import { TokenIssuer } from './token-issuer';
import { DirectLineTokens } from './tokens';

export { DirectLineAdapter, BotTurnError } from './adapter';
export { DirectLineTokens, type ProvenIdentity, type TokenClaims } from './tokens';
export { verifyStoreUserToken } from './store-user-token';

/** The bot's account in Direct Line activities. */
export const BOT_ID = 'wismo-bot';
/** Direct Line's own cap on one activity; BODY_LIMIT applies when smaller. */
const DIRECTLINE_BODY_LIMIT_BYTES = 256 * 1024;

export interface WebchatDeps {
  config: Config;
  /** The Direct Line activity log (src/messaging): channels never touch the database themselves. */
  activities: ActivityStore;
  /** Messages taken, so a client's retry is answered once (and a turn lost in a crash is answered on the retry). */
  receipts?: DirectLineAdapterOptions['receipts'];
  bot: ActivityHandler;
  logger: Logger;
  /** Knobs for tests; production uses the defaults. */
  options?: {
    /** Milliseconds since the epoch, for token expiry. */
    now?: () => number;
    tokenTtlSeconds?: number;
    streamPollIntervalMs?: number;
    keepAliveMs?: number;
    turnTimeoutMs?: number;
  };
}

export type WebchatChannel = Channel & {
  adapter: DirectLineAdapter;
  tokens: DirectLineTokens;
  router: express.Router;
  attach(server: http.Server): void;
  deliver(address: ConversationAddress, message: ProactiveMessage): Promise<DeliveryResult>;
  /** A Direct Line token for a new conversation already verified for an order (the tracking page's chat). */
  issueVerifiedChat(orderId: string): { conversationId: string; token: string; expires_in: number; userId: string; domain: string };
  close(): Promise<void>;
};

/**
 * Web chat: a self-hosted Direct Line 3.0 service (REST + WebSocket streams) that runs the
 * bot's turns through DirectLineAdapter, the demo shop page with Web Chat, and the embed.
 */
export function createWebchatChannel(deps: WebchatDeps): WebchatChannel {
  const { config, logger } = deps;
  const now = deps.options?.now ?? Date.now;
  const botAccount = { id: BOT_ID, name: config.SHOP_NAME };
  const store = deps.activities;
  const tokens = new DirectLineTokens(config.DIRECTLINE_SECRET, { now, ttlSeconds: deps.options?.tokenTtlSeconds });
  const issuer = new TokenIssuer(tokens, config.STORE_USER_TOKEN_SECRET, now);
  const streams = new StreamHub({
    store,
    tokens,
    logger,
    pollIntervalMs: deps.options?.streamPollIntervalMs,
    keepAliveMs: deps.options?.keepAliveMs,
  });
  const adapter = new DirectLineAdapter({
    store,
    bot: botAccount,
    onStored: (conversationId) => streams.nudge(conversationId),
    queue: new KeyedSerial(),
    receipts: deps.receipts,
    now,
    turnTimeoutMs: deps.options?.turnTimeoutMs,
    inboundWithTurn: (deps.bot as { storesInboundWithTurn?: boolean }).storesInboundWithTurn === true,
  });
  const router = express.Router();
  router.use(
    '/v3/directline',
    directLineRouter({ store, tokens, issuer, adapter, bot: deps.bot, botAccount, bodyLimit: bodyLimit(config.BODY_LIMIT) }),
  );
  router.use(pageRouter({ issuer, shopName: config.SHOP_NAME, accentColor: config.SHOP_PRIMARY_COLOR }));

  return {
    name: 'webchat',
    serves: [WEBCHAT_CHANNEL],
    status: () =>
      on(
        `Direct Line at /v3/directline (secret ${config.generated.directLineSecret ? 'generated in DATA_DIR' : 'from DIRECTLINE_SECRET'}), ` +
          `store-signed user tokens ${issuer.storeUserTokensEnabled ? 'on' : 'off (STORE_USER_TOKEN_SECRET unset)'}, ` +
          `${streams.connections} open stream(s)`,
      ),
    router,
    adapter,
    tokens,
    attach: (server) => streams.attach(server),
    deliver: async (address, message) => {
      if (!(await store.conversationExists(address.conversationId))) return { ok: false, reason: 'unknown Direct Line conversation', permanent: true };
      // Its id is filled in when the turn's replies are stored, after the logic returned.
      let sent: { id: string } | undefined;
      try {
        await adapter.continueConversation(
          { conversation: { id: address.conversationId } as Activity['conversation'], user: { id: address.senderId, name: '', role: 'user' } },
          async (context) => {
            sent = await context.sendActivity(proactiveActivity(message));
          },
        );
      } catch (err) {
        logger.warn({ err, conversationId: address.conversationId }, 'web chat: proactive message not stored');
        return { ok: false, reason: (err as Error).message, permanent: false };
      }
      return { ok: true, providerMessageId: sent?.id || undefined };
    },
    issueVerifiedChat: (orderId) => ({ ...issuer.issueVerified(orderId), domain: '/v3/directline' }),
    close: () => streams.close(),
  };
}

function proactiveActivity(message: ProactiveMessage): Partial<Activity> {
  return messageActivity({ text: message.text, suggestions: message.suggestions, wismo: message.wismo, kind: message.kind });
}

/** BODY_LIMIT (`100kb`, `5mb`...) capped at Direct Line's 256 KB per activity, as express.json takes it. */
function bodyLimit(configured: string): number {
  const m = /^(\d+)(b|kb|mb)$/i.exec(configured);
  const factor = { b: 1, kb: 1024, mb: 1024 * 1024 }[(m?.[2] ?? 'kb').toLowerCase() as 'b' | 'kb' | 'mb'];
  const bytes = m ? Number(m[1]) * factor : DIRECTLINE_BODY_LIMIT_BYTES;
  return Math.min(bytes, DIRECTLINE_BODY_LIMIT_BYTES);
}
