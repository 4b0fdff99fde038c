import crypto from 'node:crypto';
import { expect } from 'chai';
import { orderFromShopify, shipmentFromFulfillment, trackingStatusOf, type ShopifyOrder } from '../../src/sources/shopify/mapping';
import { shopifySecrets, verifyShopifyHmac } from '../../src/sources/shopify/signature';
import { shopifyFulfillment, shopifyOrder } from '../helpers/fake-shopify';

describe('sources: Shopify mapping and signature', () => {
  it('maps shipment_status as formats.md §4 says', () => {
    const cases: Array<[string | null, string]> = [
      [null, 'unknown'], ['label_purchased', 'info_received'], ['confirmed', 'info_received'], ['in_transit', 'in_transit'],
      ['out_for_delivery', 'out_for_delivery'], ['attempted_delivery', 'failed_attempt'], ['ready_for_pickup', 'available_for_pickup'],
      ['delivered', 'delivered'], ['picked_up', 'delivered'], ['failure', 'exception'], ['DELAYED', 'in_transit'], ['something_new', 'unknown'],
    ];
    for (const [shopify, ours] of cases) expect(trackingStatusOf(shopify), String(shopify)).to.equal(ours);
  });

  it('an order without a shipping address falls back to the billing address; without any, or without an email, it is refused with why', () => {
    const billingOnly = orderFromShopify(shopifyOrder({ shipping_address: null, billing_address: { address1: '1 Main St', city: 'Lyon', country_code: 'fr', zip: '69001' } }) as ShopifyOrder);
    expect(billingOnly.ok && billingOnly.value.shippingAddress).to.deep.equal({ line1: '1 Main St', city: 'Lyon', postalCode: '69001', country: 'FR' });
    expect(orderFromShopify(shopifyOrder({ shipping_address: null }) as ShopifyOrder)).to.deep.equal({ ok: false, reason: 'the order has no shipping address' });
  });

  it('a fulfilment without tracking is no shipment yet; a tracking link that is not a web link is dropped', () => {
    expect(shipmentFromFulfillment(shopifyFulfillment({ tracking_number: null, tracking_numbers: [] }))).to.deep.equal({ ok: false, reason: 'the fulfilment has no tracking number yet' });
    const shipment = shipmentFromFulfillment(shopifyFulfillment({ tracking_url: 'javascript:alert(1)', tracking_urls: [] }));
    expect(shipment.ok && shipment.value.trackingUrl).to.equal(undefined);
  });

  it('accepts the new and the old secret during a rotation, nothing else', () => {
    const body = Buffer.from('{"id":1}');
    const sign = (secret: string) => crypto.createHmac('sha256', secret).update(body).digest('base64');
    const secrets = shopifySecrets(' new-secret , old-secret ');
    expect(secrets).to.deep.equal(['new-secret', 'old-secret']);
    expect(verifyShopifyHmac(body, sign('new-secret'), secrets)).to.equal(true);
    expect(verifyShopifyHmac(body, sign('old-secret'), secrets)).to.equal(true);
    expect(verifyShopifyHmac(body, sign('other'), secrets)).to.equal(false);
    expect(verifyShopifyHmac(body, 'c2hvcnQ=', secrets)).to.equal(false);
    expect(verifyShopifyHmac(body, undefined, secrets)).to.equal(false);
  });
});
