import path from 'node:path';
import type http from 'node:http';
import type { Express } from 'express';
import { ConversationState } from 'botbuilder';
import type { Config } from '../config';
import type { Logger } from '../log/logger';
import { openStore, type Store } from '../store/db';
import { OrderRepository } from '../orders/repository';
import { JobQueue } from '../queue';
import { createApp } from '../http/app';
import { ordersRouter } from '../http/routes/orders';
import { sourcesRouter } from '../http/routes/sources';
import { noticesRouter } from '../http/routes/notices';
import { insightsRouter } from '../http/routes/insights';
import { insightsPageRouter } from '../http/routes/insights-page';
import { InsightsQueries } from '../insights/measures';
import { createSources, type Sources } from '../sources';
import { healthRouter, storeHealth } from '../http/routes/health';
import { PostgresStorage, stateField } from '../bot/pg-storage';
import { sql } from 'drizzle-orm';
import { latestCaseRead } from '../handoff/cases';
import { MEMORY_PROPERTY, WismoBot, type TurnStart } from '../bot/wismo-bot';
import { attempterOf, typedInMessage } from '../conversation/turn';
import { ConversationEngine } from '../conversation/engine';
import type { LlmPort } from '../conversation/ports';
import { TranscriptStore } from '../conversation/transcript';
import { OrderVerifier } from '../linking/verifier';
import { MAX_FAILED_ATTEMPTS, VerificationThrottle, type ThrottleLimits } from '../linking/throttle';
import { createResolver } from '../resolver';
import type { KnowledgeBase } from '../knowledge/loader';
import { KnowledgeService } from '../knowledge/service';
import { KnowledgeVersions } from '../knowledge/versions';
import { knowledgeRouter } from '../http/routes/knowledge';
import { createAnswerPort } from './answers';
import { TrackingPages, TrackingTokens } from '../tracking-page';
import { trackingPageRouter } from '../http/routes/tracking-page';
import { createWebchatChannel } from '../../channels/webchat';
import { createTwilioChannel } from '../../channels/twilio';
import { createVoiceChannel } from '../../channels/voice';
import { createMessengerChannel } from '../../channels/messenger';
import { createAzureChannel } from '../../channels/azure';
import { createEmailChannel } from '../../channels/email';
import { StoredReferences } from '../bot/reference-store';
import { messagingServices } from '../messaging';
import { ActivityStore } from '../messaging/directline-log';
import { handoffReason, ruleSettingsFrom } from '../handoff';
import { createHandoff, type Handoff } from './handoff';
import { createProactive, type Proactive } from './proactive';
import { integrationStatus } from '../handoff/integrations';
import { createLlmAssist, shouldConsultModel } from '../llm';
import { SubscriptionStore } from '../notifications/subscriptions';
import { ShipmentNotifier } from '../notifications/notifier';
import { OrderChangeFeed } from '../orders/change-feed';
import { OrderService } from '../orders/service';
import type { Channel } from '../../channels/kit/channel';
import { describeFeatures } from './features';
import { noMetrics, type Metrics } from '../metrics/port';
import { PrometheusMetrics } from '../metrics/prometheus';
import { metricsApp, metricsRouter } from '../http/metrics';

export interface WismoOptions {
  config: Config;
  logger: Logger;
  /** An already open store (tests share one); otherwise opened from the configuration. */
  store?: Store;
  clock?: () => Date;
}

/** Everything the running bot is made of, wired once. */
export interface Wismo {
  app: Express;
  store: Store;
  orders: OrderRepository;
  /** Every order change goes through it (ingest, merchant events, connectors). */
  orderService: OrderService;
  /** Delivers order changes to their subscribers. */
  changes: OrderChangeFeed;
  /** Shop platforms and tracking providers (contract §9). */
  sources: Sources;
  queue: JobQueue;
  knowledge: KnowledgeBase;
  knowledgeService: KnowledgeService;
  channels: Channel[];
  engine: ConversationEngine;
  handoff: Handoff;
  /** The per-order tracking pages (/track/{token}) and their links. */
  trackingPages: TrackingPages;
  /** Delay detection and proactive notices. */
  proactive: Proactive;
  /** The operations metrics (src/metrics): Prometheus with METRICS_TOKEN or METRICS_PORT, else nothing is counted. */
  metrics: Metrics;
  /** The app of the METRICS_PORT listener (GET /metrics only); the server listens on it. */
  metricsApp?: Express;
  /** Server-level hooks (WebSocket upgrades). */
  attach(server: http.Server): void;
  close(): Promise<void>;
}

export const knowledgeDir = path.resolve(__dirname, '..', '..', 'knowledge');

export async function buildWismo(options: WismoOptions): Promise<Wismo> {
  const { config, logger } = options;
  const ownStore = !options.store;
  const store = options.store ?? (await openStore({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, schemaName: config.DATABASE_SCHEMA, pgliteThread: config.PGLITE_THREAD === 'worker' }));
  const queue = config.REDIS_URL ? JobQueue.connect(config.REDIS_URL, logger, config.QUEUE_PREFIX) : JobQueue.disabled(logger);
  // One registry per app (tests build several in one process); queues and the pool are read at scrape time.
  const prometheus = config.METRICS_TOKEN !== undefined || config.METRICS_PORT !== undefined
    ? new PrometheusMetrics({ queues: () => queue.depths(), pool: store.poolUse && (() => store.poolUse?.()) })
    : undefined;
  const metrics: Metrics = prometheus ?? noMetrics;
  queue.onJobFailed((name) => metrics.jobFailed(name));
  const orders = new OrderRepository(store.db);
  const throttle = new VerificationThrottle(store.db, throttleLimits(config));
  // The newest change wins, files or API/editor; every change is a version (src/knowledge/service.ts).
  const knowledgeService = await KnowledgeService.start({ dir: knowledgeDir, versions: new KnowledgeVersions(store.db), logger, watch: config.NODE_ENV !== 'test' });
  const knowledge = knowledgeService.base;
  const resolver = await createResolver({ orderPrefix: config.SHOP_ORDER_PREFIX });
  const timeZone = shopTimeZone(config, knowledge, logger);
  // The key of the tracking page links: TRACKING_PAGE_SECRET, else derived (HKDF, its own label) from the Direct Line secret, so the demo needs none.
  const trackingPages = new TrackingPages({
    tokens: new TrackingTokens(config.TRACKING_PAGE_SECRET ?? config.DIRECTLINE_SECRET),
    baseUrl: config.PUBLIC_BASE_URL, ttlDays: config.TRACKING_LINK_TTL_DAYS, orders, knowledge, timeZone, clock: options.clock,
  });
  // Answers link the page only when PUBLIC_BASE_URL is configured: the localhost default is no address for a shopper.
  const answers = createAnswerPort({
    knowledge, timeZone, shopName: config.SHOP_NAME, lateHandoffDays: config.HANDOFF_LATE_DAYS,
    trackingPages: config.generated.publicBaseUrl ? undefined : trackingPages,
  });
  const transcript = new TranscriptStore(store.db);
  // Channels are created below; handoff looks them up when it sends.
  let channels: Channel[] = [];
  const handoff: Handoff = createHandoff({ config: { ...config, SHOP_TIMEZONE: timeZone }, db: store.db, signals: store.signals, orders, transcript, queue, logger, channels: () => channels, metrics, clock: options.clock });
  const ruleSettings = ruleSettingsFrom(config);
  const subscriptions = new SubscriptionStore(store.db);
  const notifier = new ShipmentNotifier({
    subscriptions, orders, answers, queue, logger, clock: options.clock,
    deliver: (address, message) => handoff.deliver(address, message),
  });
  notifier.start();
  // Every order change, whatever made it, reaches its subscribers through the outbox.
  const changes = new OrderChangeFeed(store.db, logger);
  changes.subscribe('notifications', async (batch) => void (await notifier.onChanges(batch)));
  changes.start();
  const orderService = new OrderService(orders, changes);
  const sources = createSources({ config, orders: orderService, db: store.db, queue, logger, metrics, watch: { knowledge: () => knowledge.current(), timeZone } });
  sources.intake.start();
  const watch = sources.watch!;
  await queue.every('tracking-watch', config.TRACKING_WATCH_EVERY_MINUTES * 60_000, () => watch.sweep(options.clock?.() ?? new Date()));
  const proactive = await createProactive({
    config, db: store.db, orders, knowledge: () => knowledge.current(), answers, changes, queue, logger, timeZone,
    channels: () => channels, deliver: (address, message) => handoff.deliver(address, message), metrics, clock: options.clock,
  });
  // A backfill (Shopify, WooCommerce) the last process did not finish carries on.
  for (const [name, backfill] of sources.backfills) {
    void backfill.resumeIfUnfinished().catch((err) => logger.warn({ err: (err as Error).message }, `${name} backfill could not resume`));
  }
  for (const registration of sources.registrations) {
    changes.subscribe(`tracking-registration-${registration.provider}`, (batch) => registration.onChanges(batch));
    if (queue.available) registration.startWorker();
  }

  const engine = new ConversationEngine({
    resolver,
    orders,
    verifier: new OrderVerifier(orders, throttle, config.VERIFY_DETAILS_PER_MESSAGE),
    transcript,
    answers,
    handoff: handoff.service,
    rules: (signals) => handoffReason(signals, ruleSettings),
    llm: llmPort(config, logger),
    notifications: {
      subscribe: (s) => subscriptions.add(s), unsubscribe: (key) => subscriptions.removeAll(key),
      noticedOrder: (key) => proactive.notices.noticedOrder(key),
    },
    shop: { name: config.SHOP_NAME, timeZone, orderPrefix: config.SHOP_ORDER_PREFIX },
    logger,
    clock: options.clock,
  });
  const storage = new PostgresStorage(store.db);
  // Read with the turn's lock, in its first round trip: the conversation's state and, for a message, its linked order and the attempter's verification counters.
  const linkedOrder = orders.linkedRead((v) => stateField(v('stateKey'), [MEMORY_PROPERTY, 'linkedOrderId']));
  // A message's turn also reads what verifying may need: the orders its typed numbers (and the number the conversation waits to
  // verify) name, with their credentials, and the counters of the attempter and of what was typed.
  const pendingOrder = (v: (name: string) => unknown) => stateField(v('stateKey'), [MEMORY_PROPERTY, 'pendingOrder']);
  const typedOrders = orders.typedRead(pendingOrder);
  // Phones typed without a country code are read in the country of those orders; the details given before the order number
  // (or in a failed attempt) are tried again with it: their counters too.
  const counters = throttle.turnRead({
    typedOrders: (v) => orders.typedOrderMatches(pendingOrder, v),
    details: (v) => [sql`${v('details')}`, stateField(v('stateKey'), [MEMORY_PROPERTY, 'pendingDetails']), stateField(v('stateKey'), [MEMORY_PROPERTY, 'failedDetails'])],
  });
  // And, once the conversation was ever handed off, its latest case (who owns it now).
  const latestCase = latestCaseRead((v) => sql`${stateField(v('stateKey'), [MEMORY_PROPERTY, 'everHandedOff'])} = 'true' or ${stateField(v('stateKey'), [MEMORY_PROPERTY, 'handoff'])} is not null`);
  const turnReads = ({ stateKey, isMessage, message }: TurnStart) => {
    if (!isMessage) return [storage.lockedRead([stateKey])];
    const typed = typedInMessage(message.text);
    const values = { stateKey, typed: JSON.stringify(typed.numbers), details: JSON.stringify({ phones: typed.nationalPhones }) };
    const conversationKey = TranscriptStore.key(message.channel, message.conversationId);
    return [storage.lockedRead([stateKey]), linkedOrder({ stateKey }), typedOrders(values), counters(attempterOf(message), typed.identities, values, { inCountries: typed.numbers.length > 0 || typed.nationalPhones.length > 0 }), latestCase({ stateKey, conversationKey })];
  };
  const bot = new WismoBot(engine, new ConversationState(storage), store.turnLock(logger), metrics, turnReads);

  const messaging = messagingServices(store.db);
  const webchat = createWebchatChannel({ config, activities: new ActivityStore(store.db, store.signals), receipts: messaging.receipts, bot, logger });
  channels = [
    webchat,
    createTwilioChannel({ config, bot, logger, queue, messaging }),
    createVoiceChannel({ config, bot, logger, queue, messaging }),
    createMessengerChannel({ config, bot, logger, queue, messaging }),
    createAzureChannel({ config, bot, logger, references: new StoredReferences(storage) }),
    createEmailChannel({ config, logger }),
  ];
  const app = createApp({
    logger,
    trustProxy: config.TRUST_PROXY,
    requestLog: { all: config.REQUEST_LOG === 'all', slowMs: config.SLOW_REQUEST_MS },
    routers: [
      ...(prometheus ? [metricsRouter({ metrics, scrape: prometheus, token: config.METRICS_TOKEN, ownPort: config.METRICS_PORT !== undefined })] : []),
      healthRouter({
        database: storeHealth(store),
        queue: () => queue.health(),
        channels: () => Object.fromEntries(channels.map((c) => [c.name, c.status()])),
        features: () => ({ ...describeFeatures(config, queue.available), ...integrationStatus(config, queue.available), ...sources.status() }),
      }),
      ordersRouter({ orders: orderService, adminKey: config.ADMIN_API_KEY, bodyLimit: config.BODY_LIMIT }),
      sourcesRouter({ sources, adminKey: config.ADMIN_API_KEY, bodyLimit: config.BODY_LIMIT }),
      noticesRouter({ notices: proactive.notices, adminKey: config.ADMIN_API_KEY }),
      insightsRouter({
        insights: new InsightsQueries(store.db), agents: handoff.agents, adminKey: config.ADMIN_API_KEY, timeZone,
        costPerContact: config.COST_PER_CONTACT, currency: config.SHOP_CURRENCY,
      }),
      insightsPageRouter(),
      ...handoff.routers,
      knowledgeRouter({ knowledge: knowledgeService, agents: handoff.agents, adminKey: config.ADMIN_API_KEY, timeZone }),
      trackingPageRouter({
        pages: trackingPages,
        brand: { shopName: config.SHOP_NAME, color: config.SHOP_PRIMARY_COLOR },
        chat: (orderId) => webchat.issueVerifiedChat(orderId),
      }),
      ...channels.flatMap((c) => (c.router ? [c.router] : [])),
    ],
  });

  return {
    app,
    store,
    orders,
    orderService,
    changes,
    sources,
    proactive,
    metrics,
    metricsApp: prometheus && config.METRICS_PORT !== undefined ? metricsApp(prometheus, config.METRICS_TOKEN) : undefined,
    queue,
    knowledge,
    knowledgeService,
    channels,
    engine,
    handoff,
    trackingPages,
    attach: (server) => channels.forEach((c) => c.attach?.(server)),
    close: async () => {
      await Promise.all([...sources.backfills.values()].map((b) => b.close()));
      await changes.close();
      await Promise.allSettled(channels.map((c) => c.close?.()));
      await handoff.close();
      knowledgeService.close();
      await queue.close();
      if (ownStore) await store.close();
    },
  };
}

/** Verification limits: the contract's 4 per conversation and sender, the rest from the configuration. */
function throttleLimits(config: Config): ThrottleLimits {
  return {
    perConversation: MAX_FAILED_ATTEMPTS,
    perIdentity: MAX_FAILED_ATTEMPTS,
    perOrder: config.VERIFY_ORDER_MAX_FAILURES,
    perClient: config.VERIFY_CLIENT_MAX_FAILURES,
    windowHours: config.VERIFY_WINDOW_HOURS,
  };
}

/** The optional model as the engine uses it, or undefined without OPENAI_API_KEY. */
function llmPort(config: Config, logger: Logger): LlmPort | undefined {
  const assist = createLlmAssist(config, logger);
  return assist && { consult: shouldConsultModel, understand: (input) => assist.understand(input), draft: (input) => assist.draft(input) };
}

/** One time zone for the shop: SHOP_TIMEZONE, else the knowledge calendar's (promises are computed in the latter). */
function shopTimeZone(config: Config, knowledge: KnowledgeBase, logger: Logger): string {
  const calendarZone = knowledge.current().calendar.time_zone;
  if (config.SHOP_TIMEZONE && config.SHOP_TIMEZONE !== calendarZone) {
    logger.warn({ SHOP_TIMEZONE: config.SHOP_TIMEZONE, calendar: calendarZone }, 'SHOP_TIMEZONE differs from calendar.time_zone in the knowledge files: timestamps use the first, ship-by promises the second');
  }
  return config.SHOP_TIMEZONE ?? calendarZone;
}
