import { createLogger, type Logger } from '../../src/log/logger';
import type { FactSheetRef } from '../../src/vocabulary/fact-sheet';
import type { Understanding } from '../../src/resolver/types';
import { createLlmAssist, type LlmAssist } from '../../src/llm';

/** A logger whose JSON lines a test can read (to prove no message text is logged). */
export function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: createLogger('debug', { write: (line: string) => void lines.push(line) }), lines };
}

export function assistFor(baseUrl: string, logger: Logger, timeoutMs = 3000): LlmAssist {
  const assist = createLlmAssist({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: baseUrl, OPENAI_MODEL: 'test-model', SHOP_NAME: 'Demo Shop' }, logger, { timeoutMs });
  if (!assist) throw new Error('expected an assist with a key');
  return assist;
}

export function localUnderstanding(overrides: Partial<Understanding> = {}): Understanding {
  return {
    intent: 'other',
    alsoIntents: [],
    entities: { orderNumbers: [], emails: [], phones: [], postcodes: [] },
    confidence: 0.3,
    negative: false,
    ...overrides,
  };
}

/** Order 1001 as the answers module would sheet it. */
export const ORDER_1001_FACTS: FactSheetRef = {
  orderId: '1001',
  builtAt: '2026-11-23T10:00:00Z',
  facts: [
    { key: 'order.status', value: 'open', source: 'order' },
    { key: 'fulfilment', value: 'shipped', source: 'shipments' },
    { key: 'shipment.S1.carrier', value: 'ups', source: 'shipment' },
    { key: 'shipment.S1.trackingNumber', value: '1Z999AA10123456784', source: 'shipment' },
    { key: 'shipment.S1.trackingUrl', value: 'https://carrier.example/track/1Z999AA10123456784', source: 'shipment' },
    { key: 'shipment.S1.status', value: 'in_transit', source: 'carrier', at: '2026-11-22T08:00:00Z' },
    { key: 'shipment.S1.estimatedDelivery', value: '2026-11-25', source: 'shipment' },
    { key: 'shipment.S1.lastEvent', value: 'Departed facility, Dallas, TX', source: 'carrier', at: '2026-11-22T08:00:00Z' },
  ],
};

export const TEMPLATE_EN =
  'Your order 1001 has shipped with UPS and is in transit. Estimated delivery: November 25. Tracking number 1Z999AA10123456784: https://carrier.example/track/1Z999AA10123456784';

export const TEMPLATE_ES =
  'Tu pedido 1001 fue enviado con UPS y está en tránsito. Entrega estimada: 25 de noviembre. Número de seguimiento 1Z999AA10123456784: https://carrier.example/track/1Z999AA10123456784';
