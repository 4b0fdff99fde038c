/**
 * A small multinomial logistic-regression intent classifier, trained in-process from the
 * utterance files. One model serves all eight languages: the features of different languages
 * barely overlap, and one model keeps mixed-language or mis-detected messages classifiable.
 * Features are interned to integer ids and weights kept in one flat array, which keeps
 * training of all languages well under a second.
 */
import { featuresOf } from './features';

export interface TrainingExample {
  text: string;
  label: string;
}

export interface Prediction {
  label: string;
  probability: number;
  /** Every label's probability, highest first. */
  ranked: Array<{ label: string; probability: number }>;
}

export interface SavedModel {
  labels: string[];
  features: string[];
  parameters: Float64Array;
}

interface Encoded {
  ids: Int32Array;
  values: Float64Array;
}

const EPOCHS = 20;
const LEARNING_RATE = 1.0;
const L2 = 1e-6;

/** Deterministic shuffle: training must give the same model on every start. */
function shuffle<T>(items: T[], seed: number): void {
  let state = seed;
  for (let i = items.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const j = state % (i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
}

export class IntentClassifier {
  private constructor(
    private readonly labels: string[],
    private readonly featureIds: Map<string, number>,
    private readonly weights: Float64Array,
    private readonly bias: Float64Array,
  ) {}

  static train(examples: TrainingExample[]): IntentClassifier {
    const labels = [...new Set(examples.map((e) => e.label))].sort();
    const featureIds = new Map<string, number>();
    const encoded = examples.map((e) => {
      const features = featuresOf(e.text);
      const ids = new Int32Array(features.size);
      const values = new Float64Array(features.size);
      let i = 0;
      for (const [name, value] of features) {
        let id = featureIds.get(name);
        if (id === undefined) featureIds.set(name, (id = featureIds.size));
        ids[i] = id;
        values[i++] = value;
      }
      return { encoded: { ids, values }, target: labels.indexOf(e.label) };
    });
    const model = new IntentClassifier(
      labels,
      featureIds,
      new Float64Array(featureIds.size * labels.length),
      new Float64Array(labels.length),
    );
    for (let epoch = 0; epoch < EPOCHS; epoch++) {
      shuffle(encoded, epoch + 1);
      const rate = LEARNING_RATE / (1 + epoch * 0.2);
      for (const { encoded: x, target } of encoded) model.step(x, target, rate);
    }
    return model;
  }

  /** The trained model as data: its labels, its feature names in id order, and its weights then biases. */
  saved(): SavedModel {
    const parameters = new Float64Array(this.weights.length + this.bias.length);
    parameters.set(this.weights);
    parameters.set(this.bias, this.weights.length);
    return { labels: this.labels, features: [...this.featureIds.keys()], parameters };
  }

  /** A model from `saved()`, or undefined when the data does not fit together. */
  static restore({ labels, features, parameters }: SavedModel): IntentClassifier | undefined {
    const weights = features.length * labels.length;
    if (parameters.length !== weights + labels.length) return undefined;
    return new IntentClassifier(labels, new Map(features.map((f, i) => [f, i])), parameters.subarray(0, weights), parameters.subarray(weights));
  }

  private probabilities(x: Encoded): Float64Array {
    const k = this.labels.length;
    const scores = Float64Array.from(this.bias);
    for (let i = 0; i < x.ids.length; i++) {
      const base = x.ids[i] * k;
      for (let c = 0; c < k; c++) scores[c] += this.weights[base + c] * x.values[i];
    }
    let max = -Infinity;
    for (const s of scores) max = Math.max(max, s);
    let sum = 0;
    for (let c = 0; c < k; c++) sum += scores[c] = Math.exp(scores[c] - max);
    for (let c = 0; c < k; c++) scores[c] /= sum;
    return scores;
  }

  private step(x: Encoded, target: number, rate: number): void {
    const k = this.labels.length;
    const p = this.probabilities(x);
    for (let c = 0; c < k; c++) {
      const gradient = p[c] - (c === target ? 1 : 0);
      // Classes already predicted right contribute nothing worth the loop (most of them, late in training).
      if (Math.abs(gradient) < 1e-3) continue;
      this.bias[c] -= rate * gradient * 0.1;
      for (let i = 0; i < x.ids.length; i++) {
        const w = x.ids[i] * k + c;
        this.weights[w] -= rate * (gradient * x.values[i] + L2 * this.weights[w]);
      }
    }
  }

  predict(text: string): Prediction {
    const features = featuresOf(text);
    const ids: number[] = [];
    const values: number[] = [];
    for (const [name, value] of features) {
      const id = this.featureIds.get(name);
      if (id !== undefined) {
        ids.push(id);
        values.push(value);
      }
    }
    const p = this.probabilities({ ids: Int32Array.from(ids), values: Float64Array.from(values) });
    const ranked = this.labels
      .map((label, c) => ({ label, probability: p[c] }))
      .sort((a, b) => b.probability - a.probability);
    return { label: ranked[0].label, probability: ranked[0].probability, ranked };
  }
}
