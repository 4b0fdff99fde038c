import { withoutTrailingSlashes } from '../url';
import { AfterShip, AfterShipErrorCodes, AftershipError } from '@aftership/tracking-sdk';
import type { TrackerRegistry } from '../registration';
import { AFTERSHIP, trackingUpdateFromAfterShip } from './aftership';

/**
 * AfterShip's official client, creating a tracking per number (AfterShip detects the courier;
 * its updates then come by webhook). A number AfterShip already tracks counts as registered.
 * The polling fallback reads the tracking back by its number.
 */
export function afterShipRegistry(apiKey: string, domain?: string): TrackerRegistry {
  // Retries are the registration's own (src/sources/registration.ts), with its backoff.
  const client = new AfterShip({ api_key: apiKey, max_retry: 0, ...(domain ? { domain: withoutTrailingSlashes(domain) } : {}) });
  return {
    name: AFTERSHIP,
    register: async (trackingNumber) => {
      try {
        await client.tracking.createTracking({ tracking_number: trackingNumber });
      } catch (err) {
        if (err instanceof AftershipError && err.code === AfterShipErrorCodes.TRACKING_ALREADY_EXIST) return;
        throw err;
      }
    },
    poll: async (trackingNumber) => {
      const { data } = await client.tracking.getTrackings({ tracking_numbers: trackingNumber, limit: 1 });
      return trackingUpdateFromAfterShip(data.trackings?.[0]);
    },
  };
}
