import type { OrderInput } from '../orders/contract';

const H = 3_600_000;
const D = 24 * H;

/**
 * The demo shop: a dozen orders covering every situation the bot answers, with dates
 * relative to `now` so the demo stays current. Loaded on the first start with the
 * embedded store (and by `npm run seed`).
 */
export function demoOrders(now = new Date()): OrderInput[] {
  const at = (offsetMs: number) => new Date(now.getTime() + offsetMs).toISOString();
  const day = (offsetDays: number) => new Date(now.getTime() + offsetDays * D).toISOString().slice(0, 10);
  const us = (line1: string, city: string, region: string, postalCode: string) => ({ line1, city, region, postalCode, country: 'US' });
  const track = (n: string) => `https://carrier.example/track/${n}`;

  return [
    {
      id: '1001', placedAt: at(-1 * D), status: 'open', shippingMethod: 'standard',
      customer: { name: 'Ana Lima', email: 'ana@example.com', phone: '+15125550101', locale: 'en-US' },
      shippingAddress: us('12 Oak St', 'Austin', 'TX', '78701'),
      items: [{ sku: 'TEE-RED-M', name: 'Red tee (M)', quantity: 2, tags: ['apparel'] }],
      shipments: [{
        id: 'S1', carrier: 'ups', trackingNumber: '1Z999AA10123456784', trackingUrl: track('1Z999AA10123456784'),
        items: [{ sku: 'TEE-RED-M', quantity: 2 }], status: 'in_transit', estimatedDelivery: day(2),
        events: [
          { at: at(-20 * H), status: 'info_received', description: 'Shipping label created', location: 'Reno, NV' },
          { at: at(-8 * H), status: 'in_transit', description: 'Departed facility', location: 'Dallas, TX' },
        ],
      }],
    },
    {
      id: '1002', placedAt: at(-5 * H), status: 'open', shippingMethod: 'standard',
      customer: { name: 'Ben Okafor', email: 'ben@example.com', phone: '+13125550102', locale: 'en-US' },
      shippingAddress: us('88 Lake Shore Dr', 'Chicago', 'IL', '60611'),
      items: [{ sku: 'MUG-BLUE', name: 'Blue stoneware mug', quantity: 1, tags: ['kitchen'] }],
      shipments: [],
    },
    {
      id: '1003', placedAt: at(-16 * D), status: 'open', shippingMethod: 'standard',
      customer: { name: 'Carla Mendes', email: 'carla@example.com', phone: '+14155550103', locale: 'en-US' },
      shippingAddress: us('500 Market St', 'San Francisco', 'CA', '94105'),
      items: [{ sku: 'LAMP-OAK', name: 'Oak desk lamp', quantity: 1, tags: ['home'] }],
      shipments: [],
    },
    {
      id: '1004', placedAt: at(-2 * D), status: 'open', shippingMethod: 'standard',
      customer: { name: 'Dmitri Volkov', email: 'dmitri@example.com', phone: '+12065550104', locale: 'en-US' },
      shippingAddress: us('1200 Pine St', 'Seattle', 'WA', '98101'),
      items: [{ sku: 'KETTLE-PRE', name: 'Gooseneck kettle (pre-order)', quantity: 1, tags: ['preorder'] }],
      shipments: [],
    },
    {
      id: '1005', placedAt: at(-5 * D), status: 'open', shippingMethod: 'standard',
      customer: { name: 'Elena Rossi', email: 'elena@example.com', phone: '+16175550105', locale: 'en-US' },
      shippingAddress: us('77 Beacon St', 'Boston', 'MA', '02108'),
      items: [
        { sku: 'SHOE-RUN-9', name: 'Trail running shoes (9)', quantity: 1, tags: ['apparel'] },
        { sku: 'SOCK-WOOL', name: 'Merino socks', quantity: 2, tags: ['apparel'] },
      ],
      shipments: [
        {
          id: 'S1', carrier: 'usps', trackingNumber: '9400111899223100001111', trackingUrl: track('9400111899223100001111'),
          items: [{ sku: 'SHOE-RUN-9', quantity: 1 }], status: 'delivered', estimatedDelivery: day(-1),
          events: [
            { at: at(-3 * D), status: 'in_transit', description: 'Accepted at USPS facility', location: 'Columbus, OH' },
            { at: at(-28 * H), status: 'delivered', description: 'Delivered, front porch', location: 'Boston, MA' },
          ],
        },
        {
          id: 'S2', carrier: 'ups', trackingNumber: '1Z4F6E120398765432', trackingUrl: track('1Z4F6E120398765432'),
          items: [{ sku: 'SOCK-WOOL', quantity: 2 }], status: 'in_transit', estimatedDelivery: day(3),
          events: [{ at: at(-10 * H), status: 'in_transit', description: 'Departed facility', location: 'Louisville, KY' }],
        },
      ],
    },
    {
      id: '1006', placedAt: at(-3 * D), status: 'open', shippingMethod: 'express',
      customer: { name: 'Farah Haddad', email: 'farah@example.com', phone: '+16025550106', locale: 'en-US' },
      shippingAddress: us('45 Roosevelt St', 'Phoenix', 'AZ', '85003'),
      items: [{ sku: 'BOOT-CH-8', name: 'Chelsea boots (8)', quantity: 1, tags: ['apparel'] }],
      shipments: [{
        id: 'S1', carrier: 'fedex', trackingNumber: '771234567890', trackingUrl: track('771234567890'),
        items: [{ sku: 'BOOT-CH-8', quantity: 1 }], status: 'out_for_delivery', estimatedDelivery: day(0),
        events: [
          { at: at(-2 * D), status: 'in_transit', description: 'Left FedEx origin facility', location: 'Memphis, TN' },
          { at: at(-3 * H), status: 'out_for_delivery', description: 'On FedEx vehicle for delivery', location: 'Phoenix, AZ' },
        ],
      }],
    },
    {
      id: 'SH-1007', placedAt: at(-6 * D), status: 'open', shippingMethod: 'standard',
      customer: { name: 'George Hill', email: 'george@example.co.uk', phone: '+447700900107', locale: 'en-GB' },
      shippingAddress: { line1: '10 Brick Lane', city: 'London', postalCode: 'E1 6QE', country: 'GB' },
      items: [{ sku: 'THROW-MAR', name: 'Marigold linen throw', quantity: 1, tags: ['home'] }],
      shipments: [{
        id: 'S1', carrier: 'royal_mail', trackingNumber: 'AB123456785GB', trackingUrl: track('AB123456785GB'),
        items: [{ sku: 'THROW-MAR', quantity: 1 }], status: 'failed_attempt', estimatedDelivery: day(-1),
        events: [
          { at: at(-2 * D), status: 'in_transit', description: 'In transit', location: 'London Mail Centre' },
          { at: at(-20 * H), status: 'failed_attempt', description: 'We tried to deliver but nobody was in; card left', location: 'London E1 Delivery Office' },
        ],
      }],
    },
    {
      id: '1008', placedAt: at(-8 * D), status: 'open', shippingMethod: 'standard',
      customer: { name: 'Hana Sato', email: 'hana@example.com', phone: '+17135550108', locale: 'en-US' },
      shippingAddress: us('900 Main St', 'Houston', 'TX', '77002'),
      items: [{ sku: 'SKIL-10', name: 'Cast iron skillet (10 in)', quantity: 1, tags: ['kitchen'] }],
      shipments: [{
        id: 'S1', carrier: 'usps', trackingNumber: '9400111899223197428490', trackingUrl: track('9400111899223197428490'),
        items: [{ sku: 'SKIL-10', quantity: 1 }], status: 'delivered', estimatedDelivery: day(-2),
        events: [
          { at: at(-5 * D), status: 'in_transit', description: 'Arrived at USPS regional facility', location: 'Houston, TX' },
          { at: at(-2 * D - 4 * H), status: 'delivered', description: 'Delivered, in mailbox', location: 'Houston, TX' },
        ],
      }],
    },
    {
      id: '1009', placedAt: at(-7 * D), status: 'open', shippingMethod: 'standard',
      customer: { name: 'Ivan Petrov', email: 'ivan@example.com', phone: '+13055550109', locale: 'en-US' },
      shippingAddress: us('3000 Biscayne Blvd', 'Miami', 'FL', '33137'),
      items: [{ sku: 'POUR-SET', name: 'Pour-over coffee set', quantity: 1, tags: ['kitchen'] }],
      shipments: [{
        id: 'S1', carrier: 'dhl', trackingNumber: '4023918856', trackingUrl: track('4023918856'),
        items: [{ sku: 'POUR-SET', quantity: 1 }], status: 'exception', estimatedDelivery: day(-1),
        events: [
          { at: at(-4 * D), status: 'in_transit', description: 'Processed at hub', location: 'Cincinnati, OH' },
          { at: at(-1 * D), status: 'exception', description: 'Address incomplete: apartment number missing', location: 'Miami, FL' },
        ],
      }],
    },
    {
      id: '1010', placedAt: at(-30 * D), status: 'open', shippingMethod: 'standard',
      customer: { name: 'Julia Brown', email: 'julia@example.com', phone: '+13035550110', locale: 'en-US' },
      shippingAddress: us('1600 Glenarm Pl', 'Denver', 'CO', '80202'),
      items: [{ sku: 'TOWEL-BCH', name: 'Striped beach towel', quantity: 2, tags: ['home'] }],
      shipments: [{
        id: 'S1', carrier: 'usps', trackingNumber: '9361289878700317312345', trackingUrl: track('9361289878700317312345'),
        items: [{ sku: 'TOWEL-BCH', quantity: 2 }], status: 'returned', estimatedDelivery: day(-20),
        events: [
          { at: at(-25 * D), status: 'failed_attempt', description: 'Notice left (no authorised recipient available)', location: 'Denver, CO' },
          { at: at(-10 * D), status: 'returned', description: 'Unclaimed: returned to sender', location: 'Denver, CO' },
        ],
      }],
    },
    {
      id: '1011', placedAt: at(-4 * D), status: 'cancelled', shippingMethod: 'standard',
      customer: { name: 'Kevin Walsh', email: 'kevin@example.com', phone: '+12125550111', locale: 'en-US' },
      shippingAddress: us('350 5th Ave', 'New York', 'NY', '10118'),
      items: [{ sku: 'RUG-WOOL', name: 'Wool rug', quantity: 1, tags: ['home'] }],
      shipments: [],
    },
    // One shopper with two open orders: one in transit, one not shipped yet.
    {
      id: '1012', placedAt: at(-4 * D), status: 'open', shippingMethod: 'standard',
      customer: { name: 'Lena Hoffmann', email: 'lena@example.com', phone: '+13125550112', locale: 'en-US' },
      shippingAddress: us('233 S Wacker Dr', 'Chicago', 'IL', '60606'),
      items: [{ sku: 'PLANT-POT', name: 'Terracotta planter', quantity: 1, tags: ['home'] }],
      shipments: [{
        id: 'S1', carrier: 'usps', trackingNumber: '9400111899223100552211', trackingUrl: track('9400111899223100552211'),
        items: [{ sku: 'PLANT-POT', quantity: 1 }], status: 'in_transit', estimatedDelivery: day(1),
        events: [{ at: at(-1 * D), status: 'in_transit', description: 'In transit to next facility', location: 'Indianapolis, IN' }],
      }],
    },
    {
      id: '1013', placedAt: at(-6 * H), status: 'open', shippingMethod: 'standard',
      customer: { name: 'Lena Hoffmann', email: 'lena@example.com', phone: '+13125550112', locale: 'en-US' },
      shippingAddress: us('233 S Wacker Dr', 'Chicago', 'IL', '60606'),
      items: [{ sku: 'CANDLE-FIG', name: 'Fig scented candle', quantity: 3, tags: ['home'] }],
      shipments: [],
    },
  ];
}
