import type { MessageCatalog } from '../keys';
import type { TrackingStatus } from '../../vocabulary';

/**
 * All the wording of one language. Parameters arrive ready to print (dates, prices and
 * lists already formatted in the shopper's locale); the sentences only arrange them.
 */
export interface LanguagePack {
  catalog: MessageCatalog;
  order: OrderWording;
  policy: PolicyWording;
  suggestions: SuggestionWording;
  trackingPage: TrackingPageWording;
}

/** Common parameters of a shipment sentence. */
export interface ShipmentRef { orderId: string; carrier: string; tracking: string }

/** A short status phrase for one package in a list ("on its way, expected Wednesday, November 25"). */
export type PackageStatus =
  | { status: 'info_received' | 'in_transit' | 'unknown'; eta?: string }
  | { status: 'out_for_delivery' | 'failed_attempt' | 'available_for_pickup' | 'exception' | 'returned' }
  | { status: 'delivered'; on?: string };

export interface OrderWording {
  // ---- not shipped yet
  /** The order exists and is being prepared. */
  notShippedYet(p: { orderId: string; placed: string }): string;
  /** The whole order should ship by this date. */
  shipBy(p: { date: string }): string;
  /** Some items should ship by this date. */
  itemsShipBy(p: { items: string; date: string }): string;
  deliveryWindow(p: { from: string; to: string }): string;
  deliveryOn(p: { date: string }): string;
  preOrder(p: { item: string; release?: string; shipBy?: string }): string;
  backorder(p: { item: string; restock?: string; shipBy?: string }): string;
  outOfStock(p: { item: string; restock?: string; shipBy?: string }): string;
  /** The merchant moved the ship date (a fulfilment_delayed event). */
  merchantDelay(p: { date: string }): string;
  /** The ship-by promise passed: say so, apologise, offer a person. */
  late(p: { shipBy: string }): string;
  /** Said after `late` when the handoff rules will not bring a person in by themselves. */
  lateOfferPerson(): string;

  // ---- one shipment in detail
  infoReceived(p: ShipmentRef): string;
  inTransit(p: ShipmentRef): string;
  outForDelivery(p: ShipmentRef): string;
  failedAttempt(p: ShipmentRef & { when?: string }): string;
  /** What to do after a failed attempt (redelivery, the card, the delivery office). */
  failedAttemptNext(): string;
  availableForPickup(p: ShipmentRef & { place?: string }): string;
  /** What to bring to collect a parcel. */
  pickupBring(p: { tracking: string }): string;
  delivered(p: { orderId: string; when?: string; carrier: string }): string;
  /** Where it was left, from the carrier's event ("Delivered, front door/porch", "Chicago, IL"). */
  deliveredWhere(p: { where: string }): string;
  exception(p: ShipmentRef & { what?: string }): string;
  returned(p: ShipmentRef & { what?: string }): string;
  unknownStatus(p: ShipmentRef): string;
  /** The carrier's own words about the last event. */
  carrierNote(p: { what: string }): string;
  lastScan(p: { what: string; where?: string; when: string }): string;
  eta(p: { date: string }): string;
  /** The estimated delivery date passed and the parcel is still on its way. */
  etaPassed(p: { date: string }): string;
  /** No scan for days: apologise, say the last scan date, a person will look into it. */
  stuck(p: { since: string }): string;
  trackingLink(p: { url: string }): string;
  /** The last line of a verified order's answer: the order's own tracking page (src/tracking-page). */
  trackingPageLink(p: { url: string }): string;

  // ---- several packages
  /** Some items have shipped, others not yet. */
  partialIntro(p: { orderId: string; count: number }): string;
  /** Everything shipped, in several packages. */
  packagesIntro(p: { orderId: string; count: number }): string;
  packageLine(p: { n: number; items: string; carrier: string; tracking: string; status: PackageStatus }): string;
  pendingItems(p: { items: string }): string;

  // ---- cancelled
  cancelled(p: { orderId: string }): string;

  // ---- focus: delivery problem
  notReceivedDelivered(p: { orderId: string; when?: string; where?: string }): string;
  damaged(p: { orderId: string }): string;
  wrongItem(p: { orderId: string }): string;
  missingItem(p: { orderId: string }): string;
  /** A missing item that is in a package still on its way, or not shipped yet. */
  missingButComing(): string;

  // ---- focus: change or cancel
  changeBeforeShipping(p: { orderId: string }): string;
  changeAfterShipping(p: { orderId: string; carrier: string }): string;
  changeRedirectLink(p: { url: string }): string;
  changeDelivered(p: { orderId: string }): string;

  // ---- focus: returns
  returnUntil(p: { orderId: string; delivered: string; until: string }): string;
  returnWindowPassed(p: { orderId: string; delivered: string; until: string }): string;
  returnAfterDelivery(p: { orderId: string; days: number }): string;

  // ---- focus: subscribe
  subscribe(p: { orderId: string; events: SubscribeEvent[] }): string;
  subscribeNothingLeft(p: { orderId: string }): string;
}

export type SubscribeEvent = 'ships' | 'out_for_delivery' | 'delivered' | 'problem';

export interface PolicyWording {
  /** "Shipping to Canada:" */
  destination(p: { place: string }): string;
  /** "Standard: 5-8 business days, $12.95 (free on orders over $150)." */
  rate(p: { method: string; days: string; cost: string; freeOver?: string; free: boolean }): string;
  /** "5-8 business days" / "1 business day". */
  businessDays(p: { min: number; max: number }): string;
  notShipped(p: { place: string }): string;
  /** Said before a notice currently in force. */
  currentNotice(p: { text: string }): string;
}

export interface SuggestionWording {
  person: string;
  anotherOrder: string;
  returns: string;
  updates: string;
  shipping: string;
  changeOrder: string;
}

/** Where an order is as a whole, as the tracking page's headline says it. */
export type TrackingStage = 'preparing' | 'partly_shipped' | 'on_its_way' | 'delivered' | 'cancelled';

/**
 * The tracking page's headings and labels (src/tracking-page). Its status sentences (ship-by,
 * delivery window, late, pre-orders) are the order answer's own (OrderWording).
 */
export interface TrackingPageWording {
  /** The page's heading: "Order 1001". */
  title(p: { orderId: string }): string;
  placed(p: { date: string }): string;
  stage: Record<TrackingStage, string>;
  /** A tracking status (contract §5) as a short label beside a carrier event. */
  status: Record<TrackingStatus, string>;
  noticesHeading: string;
  notShippedHeading: string;
  shipmentsHeading: string;
  /** "Package 1 of 2: UPS". */
  shipmentHeading(p: { n: number; count: number; carrier: string }): string;
  trackingNumber: string;
  statusLabel: string;
  estimatedDelivery: string;
  items: string;
  /** The link to the carrier's own tracking page. */
  carrierSite(p: { carrier: string }): string;
  timelineHeading: string;
  noEvents: string;
  chatHeading: string;
  /** The chat already knows the order: no details to give. */
  chatIntro: string;
  chatLoading: string;
  /** Shown without JavaScript: only the chat needs it. */
  noScript: string;
  /** Name of the language menu. */
  languages: string;
  notFoundTitle: string;
  /** Says nothing about why (expired, mistyped or made up): the same page for all. */
  notFoundText: string;
}
