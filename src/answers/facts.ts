/**
 * The facts an answer states, each with where it comes from. Every order detail, date
 * or policy figure in an answer's text is in its sheet, so a model rewrite can be checked
 * against it (src/llm/fact-check.ts) and an agent sees what the shopper was told.
 */
export interface Fact {
  key: string;
  value: string | number | boolean | null;
  /** 'order', 'shipment:S1', 'tracking:S1@2026-11-22T08:00:00Z', 'knowledge:fulfilment.yaml#processing.default_days'... */
  source: string;
  /** When the source said so (a carrier event's time). */
  at?: string;
}

export interface FactSheet {
  orderId: string;
  builtAt: string;
  facts: Fact[];
}

export class FactSheetBuilder {
  private readonly facts = new Map<string, Fact>();

  constructor(private readonly orderId: string, private readonly builtAt: Date) {}

  /** Records a fact (the last value of a key wins) and returns the value, to state it inline. */
  add<V extends Fact['value']>(key: string, value: V, source: string, at?: Date | string): V {
    const fact: Fact = { key, value, source };
    if (at !== undefined) fact.at = typeof at === 'string' ? at : at.toISOString();
    this.facts.set(key, fact);
    return value;
  }

  has(key: string): boolean {
    return this.facts.has(key);
  }

  build(): FactSheet {
    return { orderId: this.orderId, builtAt: this.builtAt.toISOString(), facts: [...this.facts.values()] };
  }
}
