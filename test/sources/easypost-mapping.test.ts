import crypto from 'node:crypto';
import { expect } from 'chai';
import { easyPostStatus } from '../../src/sources/easypost/mapping';
import { verifyEasyPostHmac } from '../../src/sources/easypost/signature';

describe('sources: EasyPost mapping and signature', () => {
  it('maps status (and the detail of an in-transit one) as formats.md §4 says', () => {
    const cases: Array<[string, string | null, string]> = [
      ['unknown', null, 'unknown'], ['error', null, 'unknown'], ['cancelled', null, 'unknown'], ['pre_transit', null, 'info_received'],
      ['in_transit', null, 'in_transit'], ['in_transit', 'delivery_attempted', 'failed_attempt'], ['out_for_delivery', null, 'out_for_delivery'],
      ['delivered', null, 'delivered'], ['available_for_pickup', null, 'available_for_pickup'], ['return_to_sender', null, 'returned'],
      ['failure', null, 'exception'], ['something_new', null, 'unknown'],
    ];
    for (const [status, detail, ours] of cases) expect(easyPostStatus(status, detail), `${status}/${detail}`).to.equal(ours);
  });

  it('checks hmac-sha256-hex= over the raw body with the NFKD form of the secret', () => {
    const body = Buffer.from('{"id":"evt_1"}');
    const secret = 'ｓｅｃｒｅｔ-ﬁ'; // full-width letters and a ligature: NFKD makes them "secret-fi"
    const hex = crypto.createHmac('sha256', 'secret-fi').update(body).digest('hex');
    expect(verifyEasyPostHmac(body, `hmac-sha256-hex=${hex}`, secret)).to.equal(true);
    expect(verifyEasyPostHmac(body, `hmac-sha256-hex=${'0'.repeat(64)}`, secret)).to.equal(false);
    expect(verifyEasyPostHmac(body, hex, secret)).to.equal(false);
    expect(verifyEasyPostHmac(body, undefined, secret)).to.equal(false);
  });
});
