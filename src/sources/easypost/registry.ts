import EasyPostClient from '@easypost/api';
import type { TrackerRegistry } from '../registration';
import { EASYPOST } from './webhooks';
import { trackingUpdateFromEasyPost, type EasyPostTracker } from './mapping';

/**
 * EasyPost's official client, creating a Tracker per tracking number (its events then come by
 * webhook); the polling fallback reads the Tracker back by its tracking code.
 */
export function easyPostRegistry(apiKey: string, baseUrl?: string): TrackerRegistry {
  const client = new EasyPostClient(apiKey, baseUrl ? { baseUrl: baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/` } : {});
  return {
    name: EASYPOST,
    register: async (trackingNumber, carrier) => {
      await client.Tracker.create({ tracking_code: trackingNumber, carrier });
    },
    poll: async (trackingNumber, carrier) => {
      const { trackers } = await client.Tracker.all({ tracking_code: trackingNumber, carrier, page_size: 1 });
      const tracker = trackers[0] as unknown as EasyPostTracker | undefined;
      return tracker ? trackingUpdateFromEasyPost(tracker) : undefined;
    },
  };
}
