import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { IntentClassifier } from '../../src/resolver/classifier';
import { fileModelCache, modelKey } from '../../src/resolver/model-cache';

const examples = [
  { text: 'where is my order', label: 'order_status' },
  { text: 'has my parcel shipped yet', label: 'order_status' },
  { text: 'i want to return the shoes', label: 'return' },
  { text: 'how do i send it back', label: 'return' },
  { text: 'hello there', label: 'greeting' },
  { text: 'hi good morning', label: 'greeting' },
];
const probes = ['where is my parcel', 'send the shoes back', 'good morning', 'something else entirely'];

describe('the stored intent model', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wismo-model-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('answers exactly as the model it was saved from', () => {
    const trained = IntentClassifier.train(examples);
    const cache = fileModelCache(dir);
    cache.save('k1', trained.saved());
    const restored = IntentClassifier.restore(cache.load('k1')!);
    expect(restored).to.not.equal(undefined);
    for (const text of probes) expect(restored!.predict(text)).to.deep.equal(trained.predict(text));
  });

  it('is not taken when its file is damaged or missing', () => {
    const cache = fileModelCache(dir);
    cache.save('k1', IntentClassifier.train(examples).saved());
    const [file] = fs.readdirSync(dir);
    const bytes = fs.readFileSync(path.join(dir, file));
    // Cut inside the parameters: they no longer fit the labels and features.
    fs.writeFileSync(path.join(dir, file), bytes.subarray(0, bytes.byteLength - 8));
    const cut = cache.load('k1');
    expect(cut && IntentClassifier.restore(cut)).to.equal(undefined);
    // Cut inside the header: no model at all.
    fs.writeFileSync(path.join(dir, file), bytes.subarray(0, 10));
    expect(cache.load('k1')).to.equal(undefined);
    expect(cache.load('never-saved')).to.equal(undefined);
  });

  it('is named by what it was trained from', () => {
    const key = modelKey('a training set');
    expect(key).to.match(/^[0-9a-f]{32}$/);
    expect(modelKey('a training set')).to.equal(key);
    expect(modelKey('another training set')).to.not.equal(key);
  });

  it('keeps a few models, the newest', () => {
    const cache = fileModelCache(dir);
    const saved = IntentClassifier.train(examples).saved();
    for (let i = 0; i < 6; i++) {
      cache.save(`k${i}`, saved);
      // Distinct modification times, oldest first.
      const file = fs.readdirSync(dir).find((f) => f.includes(`k${i}`))!;
      fs.utimesSync(path.join(dir, file), new Date(), new Date(Date.now() - (6 - i) * 60_000));
    }
    expect(cache.load('k0')).to.equal(undefined);
    expect(cache.load('k5')).to.not.equal(undefined);
    expect(fs.readdirSync(dir)).to.have.length(4);
  });

  it('only costs a training when it cannot be written', () => {
    const blocked = path.join(dir, 'a-file');
    fs.writeFileSync(blocked, '');
    const cache = fileModelCache(path.join(blocked, 'below'));
    expect(() => cache.save('k1', IntentClassifier.train(examples).saved())).to.not.throw();
    expect(cache.load('k1')).to.equal(undefined);
  });
});
