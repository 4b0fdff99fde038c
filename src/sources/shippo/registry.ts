import { withoutTrailingSlashes } from '../url';
import { CarriersEnum, Shippo, trackToJSON } from 'shippo';
import { ResponseValidationError, ShippoError } from 'shippo/models/errors/index.js';
import type { TrackerRegistry } from '../registration';
import { SHIPPO, trackingUpdateFromShippo } from './shippo';

const TIMEOUT_MS = 15_000;

/** Shippo's carrier tokens (the SDK's list: usps, ups, fedex, dhl_express, canada_post...). */
const TOKENS = new Set<string>(Object.values(CarriersEnum));

/** Carrier names as shops write them (normalised: lower case, runs of other characters as `_`) that are not already a Shippo token. */
const ALIASES: Record<string, string> = {
  us_postal_service: 'usps',
  u_s_postal_service: 'usps',
  united_states_postal_service: 'usps',
  us_mail: 'usps',
  united_parcel_service: 'ups',
  fed_ex: 'fedex',
  federal_express: 'fedex',
  fedex_ground: 'fedex',
  fedex_express: 'fedex',
  dhl: 'dhl_express',
  dhl_e_commerce: 'dhl_ecommerce',
  dhl_ecommerce_solutions: 'dhl_ecommerce',
  dhl_paket: 'dhl_germany',
  dhl_parcel_germany: 'dhl_germany',
  correos: 'correos_espana',
  correios: 'correios_br',
  evri: 'hermes_uk',
  hong_kong_post: 'hongkong_post',
  nz_post: 'new_zealand_post',
};

/**
 * Shippo's carrier token for one of our shipments' carrier names (free text such as "UPS",
 * "DHL Express", "U.S. Postal Service", "Canada Post"): the name lower-cased with `_` between
 * words, through a small table of other spellings; undefined when that is no carrier Shippo
 * knows (placeholders such as "Other" or "carrier" among them).
 */
export function shippoCarrier(carrier: string): string | undefined {
  const key = carrier.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean).join('_');
  const token = ALIASES[key] ?? key;
  return TOKENS.has(token) ? token : undefined;
}

/** The SDK's errors, said shortly (the status and Shippo's own words; never the request's headers). */
function explained(what: string, err: unknown): Error {
  if (err instanceof ShippoError) return new Error(`Shippo ${what} answered HTTP ${err.statusCode}: ${err.body.slice(0, 300) || err.message}`);
  return err instanceof Error ? err : new Error(String(err));
}

/**
 * Shippo's official client (`shippo`): `POST /tracks/` registers a tracking webhook per number
 * (its track_updated events then come to /sources/shippo/webhooks) and `GET /tracks/{carrier}/{number}`
 * reads the Track back for the polling fallback, both with `Authorization: ShippoToken <token>`.
 * Shippo needs the carrier's token, so a number whose carrier has none (`shippoCarrier`) is
 * refused: the registration records it as rejected. A 429, a 5xx or a network error throws;
 * the registration and the watch retry (the SDK's own retries are off).
 */
export function shippoRegistry(apiToken: string, baseUrl?: string): TrackerRegistry {
  const client = new Shippo({
    // The SDK prefixes `ShippoToken ` only to tokens that start with `shippo_`: done here for any.
    apiKeyHeader: /^ShippoToken /i.test(apiToken) ? apiToken : `ShippoToken ${apiToken}`,
    timeoutMs: TIMEOUT_MS,
    retryConfig: { strategy: 'none' },
    ...(baseUrl ? { serverURL: withoutTrailingSlashes(baseUrl) } : {}),
  });
  return {
    name: SHIPPO,
    register: async (trackingNumber, carrier) => {
      const token = shippoCarrier(carrier);
      if (!token) {
        throw new Error(`Shippo needs the carrier of ${trackingNumber}: "${carrier.slice(0, 100)}" is no Shippo carrier (such as usps, ups, fedex, dhl_express)`);
      }
      try {
        await client.trackingStatus.create({ carrier: token, trackingNumber });
      } catch (err) {
        // Shippo answered 200 with a Track the SDK's schema does not accept: registered all the same.
        if (err instanceof ResponseValidationError && err.statusCode === 200) return;
        throw explained(`register of ${trackingNumber}`, err);
      }
    },
    // A carrier without a Shippo token, or a 404, is a number Shippo does not track.
    poll: async (trackingNumber, carrier) => {
      const token = shippoCarrier(carrier);
      if (!token) return undefined;
      try {
        const track = await client.trackingStatus.get(trackingNumber, token);
        // Back to the wire format, which the webhook's reader reads.
        return trackingUpdateFromShippo(JSON.parse(trackToJSON(track)));
      } catch (err) {
        if (err instanceof ShippoError && err.statusCode === 404) return undefined;
        // A Track the SDK's schema refuses (a field missing): read what Shippo sent as a webhook's would be.
        if (err instanceof ResponseValidationError && err.statusCode === 200) return trackingUpdateFromShippo(err.rawValue);
        throw explained(`read of ${trackingNumber}`, err);
      }
    },
  };
}
