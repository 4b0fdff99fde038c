import path from 'node:path';
import type { Order } from '../orders/types';
import type { Knowledge } from '../knowledge/schema';
import type { Lang } from '../vocabulary';
import { TrackingTokens } from './token';
import { buildTrackingView, type TrackingView } from './view';

export { TrackingTokens, type TrackingLink } from './token';
export { buildTrackingView, type TrackingView, type ShipmentView } from './view';
export { renderTrackingPage, renderNotFoundPage, brandStyle, contrast, readableOnWhite, type Brand } from './html';

/** Where the page's stylesheet lives (served by src/http/routes/tracking-page.ts). */
export const TRACKING_PAGE_CSS = path.join(__dirname, 'page.css');

const DAY_MS = 86_400_000;

export interface TrackingPagesOptions {
  tokens: TrackingTokens;
  /** PUBLIC_BASE_URL without a trailing slash. */
  baseUrl: string;
  /** TRACKING_LINK_TTL_DAYS. */
  ttlDays: number;
  orders: { get(id: string): Promise<Order | undefined> };
  knowledge: { current(): Knowledge };
  timeZone: string;
  clock?: () => Date;
}

/**
 * The branded, per-order tracking page `/track/{token}`: makes the links (put into answers
 * for a verified conversation, and notices) and opens them again. Holding a link is what
 * verifies its holder for that one order (contract §6): it is only ever given to a
 * conversation verified for the order.
 */
export class TrackingPages {
  private readonly clock: () => Date;

  constructor(private readonly opts: TrackingPagesOptions) {
    this.clock = opts.clock ?? (() => new Date());
  }

  /** A fresh link to the order's page in the shopper's language, valid for TRACKING_LINK_TTL_DAYS. */
  urlFor(orderId: string, lang: Lang): string {
    const expiresAt = new Date(this.clock().getTime() + this.opts.ttlDays * DAY_MS);
    return `${this.opts.baseUrl}/track/${this.opts.tokens.issue({ orderId, lang, expiresAt })}`;
  }

  /** The order a token opens, with the language it was made in; undefined for a bad, expired or unknown one (never why). */
  async open(token: string): Promise<{ order: Order; lang: Lang } | undefined> {
    const link = this.opts.tokens.open(token, this.clock());
    if (!link) return undefined;
    const order = await this.opts.orders.get(link.orderId);
    return order ? { order, lang: link.lang } : undefined;
  }

  view(order: Order, lang: Lang): TrackingView {
    return buildTrackingView(order, { lang, now: this.clock(), timeZone: this.opts.timeZone, knowledge: this.opts.knowledge.current() });
  }
}
