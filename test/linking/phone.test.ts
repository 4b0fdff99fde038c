import { expect } from 'chai';
import { sql } from 'drizzle-orm';
import { phonePlans, toE164 } from '../../src/linking/phone';
import { typedInMessage } from '../../src/conversation/turn';
import { identityKey, VerificationThrottle } from '../../src/linking/throttle';
import { asSql } from '../../src/store/turn-scope';
import { openTestStore, type TestStore } from '../helpers/db';

describe('linking: phone numbers', () => {
  it('numbering plans give each country its calling code and national prefix (read from the library)', () => {
    const plan = (country: string) => phonePlans().find((p) => p.country === country);
    expect(phonePlans().length).to.be.greaterThan(200);
    expect(plan('DE')).to.deep.equal({ country: 'DE', callingCode: '49', nationalPrefix: '0' });
    expect(plan('GB')).to.deep.equal({ country: 'GB', callingCode: '44', nationalPrefix: '0' });
    expect(plan('US')).to.deep.equal({ country: 'US', callingCode: '1', nationalPrefix: '1' });
    expect(plan('IT')).to.deep.equal({ country: 'IT', callingCode: '39', nationalPrefix: '' });
  });

  describe('the counters a turn reads with its lock, keyed in SQL', () => {
    let t: TestStore;
    before(async () => {
      t = await openTestStore();
    });
    after(() => t?.cleanup());

    it('key a phone typed without its country code as toE164 does in the order\'s country, and details kept from earlier', async () => {
      const throttle = new VerificationThrottle(t.store.db);
      const typed: [string, string][] = [['07700 900107', 'GB'], ['030 1234567', 'DE'], ['415 555 0199', 'US'], ['1 415 555 0199', 'US'],
        ['340 555 6670', 'IT'], ['06 1234 5678', 'IT'], ['33 1234 5670', 'MX'], ['06 12 34 56 78', 'FR'],
        // Read as a phone too when typed beside the number without a label: libphonenumber keeps this "0" (Brazil's prefix goes with a carrier code).
        ['01304-001', 'BR'], ['10119', 'DE']];
      const read = throttle.turnRead({
        typedOrders: (v) => sql`select null::text as typed_key, null::text as lookup_key, country from json_array_elements_text(${v('countries')}::json) country`,
        details: (v) => [sql`${v('details')}`, sql`${v('kept')}`],
      })({ conversation: 'c', identity: 'webchat:u' }, [], {
        countries: JSON.stringify(['gb', 'DE', 'US', 'IT', 'MX', 'FR', 'BR']),
        details: JSON.stringify({ phones: typed.map(([phone]) => phone) }),
        kept: JSON.stringify({ emails: [' Ana@Example.com '], phones: ['+44 7700 900107'] }),
      }, { inCountries: true });
      const { rows } = (await t.store.db.execute(asSql(read.statement))) as unknown as { rows: { key: string }[] };
      const keys = rows.map((r) => r.key);
      // Each phone is read in every country of the orders named: its key in its own country is among them.
      for (const [phone, country] of typed) expect(keys, `${phone} in ${country}`).to.include(`verify:identity:${identityKey({ phone: toE164(phone, country) })}`);
      expect(keys).to.include('verify:identity:email:ana@example.com').and.include('verify:identity:phone:+447700900107');
    });
  });

  it('a message\'s guess holds every run of digits a verifying turn may read as a phone, however the extractor read it', () => {
    expect(typedInMessage('33 1234 5678').nationalPhones).to.include('33 1234 5678');
    expect(typedInMessage('pedido 302118 CEP 01304-001, quando chega?').nationalPhones).to.include('01304-001');
    expect(typedInMessage('my phone is (415) 555-0199, order 1003').nationalPhones).to.include('(415) 555-0199');
  });
});
