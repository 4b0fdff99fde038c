import EasyPostClient from '@easypost/api';
import type { TrackerRegistry } from '../registration';
import { EASYPOST } from './webhooks';

/** EasyPost's official client, creating a Tracker per tracking number (its events then come by webhook). */
export function easyPostRegistry(apiKey: string, baseUrl?: string): TrackerRegistry {
  const client = new EasyPostClient(apiKey, baseUrl ? { baseUrl: baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/` } : {});
  return {
    name: EASYPOST,
    register: async (trackingNumber, carrier) => {
      await client.Tracker.create({ tracking_code: trackingNumber, carrier });
    },
  };
}
