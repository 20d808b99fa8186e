import { describeConformance } from '@otfuse/testing';
import { tinyInputs } from './__tests__/tiny-inputs';
import { EncoderArchitecture } from './architecture';
import { EncoderFamily } from './family';
import { ENCODER_FAMILIES } from './families';
import { register } from './register';

/** A tiny config.json of the family, in its own key names: 40 tokens, 12 positions, two blocks of two heads. */
const tinyConfig = (family: EncoderFamily, head: string, hidden: number, intermediate: number) => {
  const { keys, modelType } = family.config;
  return {
    model_type: modelType,
    architectures: [family.heads[head].architecture],
    [keys.vocabSize]: 40,
    [keys.hiddenSize]: hidden,
    [keys.numLayers]: 2,
    [keys.numHeads]: 2,
    [keys.intermediateSize]: intermediate,
    [keys.maxPositions]: 12,
    num_labels: 3,
  };
};

// Every family but BERT (conformance.spec.ts), every head: a wider model (hidden 24, MLP 40) fuses
// into a narrower anchor (16, 32). A base model's output is its pooled token, so only its MLP widens.
// A base model without a pooler (DistilBertModel) outputs the residual stream itself, whose order
// the suite's permuted copy changes: its permuted copy is checked against transformers instead
// (families.golden.spec.ts).
const outputsStream = (family: EncoderFamily, head: string) => head === 'base' && family.heads[head].pooler === undefined;
const CASES = ENCODER_FAMILIES.filter((family) => family.id !== 'hf-bert').flatMap((family) =>
  Object.keys(family.heads)
    .filter((head) => !outputsStream(family, head))
    .map((head) => [family.name, head, family] as const),
);

describe.each(CASES)('%s %s', (_, head, family) => {
  const architecture = new EncoderArchitecture(family);
  const [hidden, intermediate] = head === 'base' ? [16, 48] : [24, 40];
  describeConformance(`${family.id} (${family.heads[head].architecture})`, {
    architecture,
    register,
    config: (variant) => architecture.normalizeConfig(variant === 'anchor' ? tinyConfig(family, head, 16, 32) : tinyConfig(family, head, hidden, intermediate)),
    inputs: (c, count, seed) => tinyInputs(c, count, seed),
  });
});
