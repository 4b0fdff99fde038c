/**
 * Normalisation of what shoppers type, shared by ingest (stored keys) and lookup
 * (contract §7: order numbers match case-insensitively, ignoring separators and '#').
 */
export function orderLookupKey(orderNumber: string): string {
  return orderNumber.toLowerCase().replace(/^#/, '').replace(/[^\p{L}\p{N}]/gu, '');
}

export function orderDigitsKey(orderNumber: string): string {
  return orderNumber.replace(/\D/g, '');
}

export function postalKey(postalCode: string | undefined | null): string | null {
  if (!postalCode) return null;
  const key = postalCode.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return key === '' ? null : key;
}

export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}
