import type { Config } from '../../src/config';

export const AZURE = 'azure';

/** Bot Framework credentials, or why the channel is off. */
export type AzureSettings =
  | { mode: 'authenticated'; appId: string; appPassword?: string; tenantId?: string; appType: Config['MICROSOFT_APP_TYPE']; bodyLimit: string }
  /** No credentials and ENABLE_INSECURE_DEV_FLAGS=true: the adapter accepts unauthenticated requests. */
  | { mode: 'insecure'; bodyLimit: string };

export function readAzureSettings(config: Config): { settings: AzureSettings } | { off: string } {
  const { MICROSOFT_APP_ID: appId, MICROSOFT_APP_PASSWORD: appPassword, MICROSOFT_APP_TENANT_ID: tenantId, MICROSOFT_APP_TYPE: appType } = config;
  const bodyLimit = config.BODY_LIMIT;
  if (appId) {
    // A managed identity has no password; the other types do, and a single-tenant bot needs its tenant.
    if (appType !== 'UserAssignedMSI' && !appPassword) return { off: 'MICROSOFT_APP_PASSWORD is unset (MICROSOFT_APP_ID is set)' };
    if (appType !== 'MultiTenant' && !tenantId) return { off: `MICROSOFT_APP_TENANT_ID is unset (needed for MICROSOFT_APP_TYPE=${appType})` };
    return { settings: { mode: 'authenticated', appId, appPassword, tenantId, appType, bodyLimit } };
  }
  if (config.ENABLE_INSECURE_DEV_FLAGS) return { settings: { mode: 'insecure', bodyLimit } };
  return { off: 'MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD are unset (without them anyone could post to /api/messages; ENABLE_INSECURE_DEV_FLAGS=true allows it in development)' };
}
