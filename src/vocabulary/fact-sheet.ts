/** A fact sheet as stored with a reply: see src/answers/facts.ts for how it is built. */
export interface FactSheetRef {
  orderId: string;
  builtAt: string;
  facts: { key: string; value: string | number | boolean | null; source: string; at?: string }[];
}
