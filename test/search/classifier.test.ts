import { describe, expect, it } from 'vitest';
import { createClassifier, trainClassifier } from '../../src/search/classifier.ts';
import { words } from '../../src/search/index.ts';

const examples = [
  ...['projector is blank', 'big screen says no signal', 'the main screen went dark', 'no picture on the wall'].map((t) => ({ tokens: words(t), target: 0 })),
  ...['shots are not tracking', 'ball not reading', 'sim does not pick up my hits', 'my swings dont show up'].map((t) => ({ tokens: words(t), target: 1 })),
  ...['how do i cancel', 'need to cancel my reservation', 'cant make it tonight', 'call off my session'].map((t) => ({ tokens: words(t), target: 2 })),
];

describe('the classifier trained on typical questions', () => {
  const classifier = trainClassifier(examples, 3);
  const out = new Float64Array(3);

  it.each([
    ['the screen is blank, no signal', 0],
    ['my hits are not tracking', 1],
    ['cancel my reservation please', 2],
    ['projecter blank', 0],
  ])('sends %j to target %i, with probabilities that sum to 1', (text, target) => {
    expect(classifier.probabilities(words(text), out)).toBe(target);
    expect(out.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 9);
    expect(out[target]!).toBeGreaterThan(0.5);
  });

  it.each([
    ['postpone our appointment', 2],
    ['abort my booking', 2],
    ['display is black', 0],
  ])("reads %j, whose words no example uses, through the words' vectors", (text, target) => {
    expect(classifier.probabilities(words(text), out)).toBe(target);
    expect(out[target]!).toBeGreaterThan(0.5);
  });

  it('refuses weights trained on other word vectors, naming the fix', () => {
    expect(() => createClassifier({ ...classifier.data, wordVectors: 'another-table' })).toThrow(/another-table.*rebuild the index with `sop index`/);
  });

  it('says so when no feature of the text was ever seen: every target the same share', () => {
    expect(classifier.probabilities(words('zzzz qqqq'), out)).toBe(-1);
    expect([...out]).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });

  it('keeps weights only where a target has the feature, and answers the same from its stored parts', () => {
    const { data } = classifier;
    expect(data.targets.length).toBeLessThan(data.features.length * 3);
    const loaded = createClassifier(
      JSON.parse(
        JSON.stringify({ ...data, offsets: [...data.offsets], targets: [...data.targets], weights: [...data.weights], vectorWeights: [...data.vectorWeights] }),
        (k, v) => {
          if (k === 'offsets' || k === 'targets') return Int32Array.from(v as number[]);
          if (k === 'weights' || k === 'vectorWeights') return Float32Array.from(v as number[]);
          return v;
        },
      ),
    );
    const again = new Float64Array(3);
    loaded.probabilities(words('ball not reading'), again);
    classifier.probabilities(words('ball not reading'), out);
    expect([...again]).toEqual([...out]);
  });

  it('is deterministic: the same examples train the same weights', () => {
    expect([...trainClassifier(examples, 3).data.weights]).toEqual([...classifier.data.weights]);
  });
});
