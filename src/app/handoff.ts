import type { Router } from 'express';
import type { Db } from '../store/db';
import type { Signals } from '../store/signals';
import type { Logger } from '../log/logger';
import type { Metrics } from '../metrics/port';
import type { JobQueue } from '../queue';
import type { OrderRepository } from '../orders/repository';
import type { TranscriptStore } from '../conversation/transcript';
import type { ConversationAddress, DeliveryResult, ProactiveMessage } from '../vocabulary';
import type { Channel } from '../../channels/kit/channel';
import { AgentDirectory, LoginThrottle } from '../handoff/agents';
import { CaseRepository } from '../handoff/cases';
import { CaseFeed } from '../handoff/feed';
import { IntegrationHub, targetsFrom, type IntegrationSettings } from '../handoff/integrations';
import { HandoffService } from '../handoff/service';
import { casesRouter } from '../http/routes/cases';
import { agentsRouter } from '../http/routes/agents';
import { inboxRouter } from '../http/routes/inbox';

export interface HandoffConfig extends IntegrationSettings {
  ADMIN_API_KEY: string;
  SUPPORT_HOURS: string;
  SUPPORT_REPLY_HOURS: number;
  SHOP_TIMEZONE: string;
  CASE_REOPEN_HOURS: number;
}

export interface HandoffParts {
  config: HandoffConfig;
  db: Db;
  /** The database's change signals: the inbox feed reads when told. */
  signals?: Signals;
  orders: OrderRepository;
  transcript: TranscriptStore;
  queue: JobQueue;
  logger: Logger;
  /** Looked up at send time, so channels may be created after handoff. */
  channels: () => Channel[];
  metrics?: Metrics;
  clock?: () => Date;
}

export interface Handoff {
  service: HandoffService;
  cases: CaseRepository;
  agents: AgentDirectory;
  feed: CaseFeed;
  integrations: IntegrationHub;
  /** Case API, agent accounts and the inbox page. */
  routers: Router[];
  /** Sends through the channel that serves the address (agent replies; also used for order updates). */
  deliver(address: ConversationAddress, message: ProactiveMessage): Promise<DeliveryResult>;
  close(): Promise<void>;
}

/** The channel that serves an engine channel name ('sms' -> Twilio messaging). */
export function channelFor(channels: Channel[], name: string): Channel | undefined {
  const base = name.split(':')[0];
  return channels.find((c) => c.serves?.includes(name) || c.serves?.includes(base)) ?? channels.find((c) => c.name === name || c.name === base);
}

/** Wires handoff: one call from the app container. */
export function createHandoff(parts: HandoffParts): Handoff {
  const { config, db, logger } = parts;
  const cases = new CaseRepository(db, { reopenHours: config.CASE_REOPEN_HOURS });
  const agents = new AgentDirectory(db, parts.clock);
  const integrations = new IntegrationHub({ db, cases, transcript: parts.transcript, queue: parts.queue, logger, targets: targetsFrom(config), publicBaseUrl: config.PUBLIC_BASE_URL, clock: parts.clock });
  const deliver = async (address: ConversationAddress, message: ProactiveMessage): Promise<DeliveryResult> => {
    const channel = channelFor(parts.channels(), address.channel);
    if (!channel?.deliver) return { ok: false, reason: `channel ${address.channel} cannot send outside a turn`, permanent: true };
    return channel.deliver(address, message);
  };
  const service = new HandoffService({
    cases,
    transcript: parts.transcript,
    deliver,
    hooks: {
      handoffStarted: async (address) => channelFor(parts.channels(), address.channel)?.handoffStarted?.(address),
      handoffEnded: async (address) => channelFor(parts.channels(), address.channel)?.handoffEnded?.(address),
    },
    integrations,
    config,
    logger,
    metrics: parts.metrics,
    clock: parts.clock,
  });
  const feed = new CaseFeed(db, cases, logger, { overlapMs: 5000, signals: parts.signals });
  integrations.start();
  const routers = [
    agentsRouter({ agents, adminKey: config.ADMIN_API_KEY, throttle: new LoginThrottle(db) }),
    casesRouter({ db, cases, service, transcript: parts.transcript, orders: parts.orders, feed, agents, adminKey: config.ADMIN_API_KEY }),
    inboxRouter(),
  ];
  return {
    service, cases, agents, feed, integrations, routers, deliver,
    close: async () => {
      feed.close();
      integrations.close();
    },
  };
}
