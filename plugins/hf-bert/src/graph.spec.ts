import { GraphBuilder, InMemoryWeights, LinearNode, RecordedMap, TransportMap, checkModelAgainstGraph, fuseModels, ownedParameters } from '@otfuse/core';
import { register as registerOt } from '@otfuse/ot';
import { expectClose, useTestBackend } from '@otfuse/testing';
import { container as rootContainer } from 'tsyringe';
import { tinyInputs } from './__tests__/tiny-inputs';
import { BertArchitecture } from './architecture';
import { BertConfig, BertHead, normalizeBertConfig } from './config';
import { bertGraph } from './graph';
import { initBert } from './init';
import { register } from './register';

const tiny = (head: BertHead): BertConfig =>
  normalizeBertConfig({
    model_type: 'bert',
    architectures: [head === 'mlm' ? 'BertForMaskedLM' : 'BertForSequenceClassification'],
    vocab_size: 30,
    hidden_size: 8,
    num_hidden_layers: 1,
    num_attention_heads: 2,
    intermediate_size: 12,
    max_position_embeddings: 8,
    num_labels: 2,
  });

const node = (head: BertHead, id: string, fuseGenerator = true) => {
  const found = bertGraph(tiny(head), { fuseGenerator }).nodes.find((n) => n.id === id);
  if (!found) throw new Error(`no node '${id}'`);
  return found as LinearNode;
};

/** `Tᵀ·W·T_in` for 0/1 permutation maps, on the host. */
function permuted(weight: ArrayLike<number>, out: TransportMap, input: TransportMap): number[] {
  const n = out.n1;
  const m = input.n1;
  const source = (map: TransportMap, target: number) => [...Array(map.n0).keys()].find((i) => map.data[i * map.n1 + target] === 1) as number;
  return Array.from({ length: n * m }, (_, k) => weight[source(out, Math.floor(k / m)) * input.n0 + source(input, k % m)]);
}

describe('the BERT alignment graph', () => {
  beforeAll(useTestBackend);

  it('ties the masked-LM decoder: the transform takes the word-embedding map, the decoder owns only its bias', () => {
    expect(node('mlm', 'cls.predictions.transform.dense')).toMatchObject({ outputMap: 'bert.embeddings.word_embeddings', input: 'bert.encoder.layer.0.output.LayerNorm' });
    expect(node('mlm', 'cls.predictions.transform.dense').activation).toBeUndefined();
    const decoder = node('mlm', 'cls.predictions.decoder');
    expect(decoder).toMatchObject({ weight: 'bert.embeddings.word_embeddings.weight', tiedWeight: true, fixedOutput: true, input: 'cls.predictions.transform.LayerNorm' });
    expect(ownedParameters(decoder)).toEqual(['cls.predictions.bias']);
    expect(node('mlm', 'cls.predictions.decoder', false).anchorOnly).toBe(true);
  });

  it('keeps the classifier fixed, and with fuseGenerator false the pooler keeps its neurons and the classifier is the anchor\'s', () => {
    expect(node('seqcls', 'classifier')).toMatchObject({ input: 'bert.pooler.dense', fixedOutput: true, anchorOnly: false });
    expect(node('seqcls', 'bert.pooler.dense')).toMatchObject({ activation: 'bert.pooler.dense', fixedOutput: false });
    expect(node('seqcls', 'bert.pooler.dense', false).fixedOutput).toBe(true);
    expect(node('seqcls', 'classifier', false).anchorOnly).toBe(true);
  });

  it('aligns the transform output by the word-embedding map, not by its input map (two unrelated models)', () => {
    // With only_resid every junction passes its skip map, so the stream carries the position
    // embeddings' map; the word embeddings solve another. Model weights [1, 0] keep the aligned model 0.
    const config = tiny('mlm');
    const container = rootContainer.createChildContainer();
    registerOt(container);
    register(container);
    const model0 = new InMemoryWeights(initBert(config, 1));
    const anchor = new InMemoryWeights(initBert(config, 2));
    const maps = new Map<string, TransportMap>();
    const samples = tinyInputs(config, 16, 3);
    const { weights } = fuseModels({
      container,
      architecture: new BertArchitecture(),
      models: [{ config, weights: model0 }, { config, weights: anchor }],
      options: { mode: 'acts', solver: 'emd', residualPolicy: 'only_resid', modelWeights: [1, 0] },
      samples,
      onMap: (recorded: RecordedMap) => maps.set(recorded.label, recorded.map),
    });
    samples.dispose();
    expect(maps.has('cls.predictions.transform.dense')).toBe(false);
    const word = maps.get('bert.embeddings.word_embeddings')!;
    const position = maps.get('bert.embeddings.position_embeddings')!;
    const transform = model0.host('cls.predictions.transform.dense.weight').data;
    const byWord = permuted(transform, word, position);
    expect(byWord).not.toEqual(permuted(transform, position, position));
    expectClose(weights.get('cls.predictions.transform.dense.weight')!.data, byWord, { atol: 1e-7, what: 'transform weight' });
    expectClose(weights.get('bert.embeddings.word_embeddings.weight')!.data, permuted(model0.host('bert.embeddings.word_embeddings.weight').data, identity(30), word), { atol: 1e-7, what: 'word embeddings' });
  });

  it.each(['mlm', 'seqcls'] as const)('names every activation the weighted residual policies read (%s: self-fusion returns the model)', (head) => {
    const config = tiny(head);
    const container = rootContainer.createChildContainer();
    registerOt(container);
    register(container);
    const model = new InMemoryWeights(initBert(config, 4));
    const samples = tinyInputs(config, 12, 5);
    for (const residualPolicy of ['weighted_scalar', 'weighted_matrix'] as const) {
      const { weights } = fuseModels({
        container,
        architecture: new BertArchitecture(),
        models: [{ config, weights: model }, { config, weights: model }],
        options: { mode: 'acts', solver: 'emd', residualPolicy },
        samples,
      });
      for (const name of model.names()) expectClose(weights.get(name)!.data, model.host(name).data, { atol: 1e-7, what: `${residualPolicy} › ${name}` });
    }
    samples.dispose();
  });

  it('refuses inconsistent tie declarations, naming the node', () => {
    const table = () => {
      const g = new GraphBuilder();
      g.embedding({ id: 'words', param: 'words.weight' });
      return g;
    };
    const untied = table();
    untied.linear({ id: 'decoder', weight: 'words.weight', tiedWeight: true, input: 'words' });
    expect(() => untied.build()).toThrow('decoder: a tied weight keeps the rows of the table it is tied to: declare fixedOutput');
    const nobody = table();
    nobody.linear({ id: 'decoder', weight: 'other.weight', tiedWeight: true, fixedOutput: true, input: 'words' });
    expect(() => nobody.build()).toThrow("decoder: its weight is tied to 'other.weight', which no node owns");
    const fixed = table();
    fixed.linear({ id: 'transform', weight: 't.weight', input: 'words', outputMap: 'words', fixedOutput: true });
    expect(() => fixed.build()).toThrow("transform: takes the output map of 'words', so its output cannot also be fixed");
    const wide = table();
    wide.linear({ id: 'transform', weight: 't.weight', input: 'words', outputMap: 'words' });
    const shapes = new Map([['words.weight', [30, 8]], ['t.weight', [6, 8]]]);
    expect(() => checkModelAgainstGraph(wide.build(), shapes)).toThrow("model › transform › t.weight: the width of 'words', whose map aligns this output, is 8 but [6, 8] has 6 on axis 0");
  });
});

function identity(n: number): TransportMap {
  const data = new Float32Array(n * n);
  for (let i = 0; i < n; i++) data[i * n + i] = 1;
  return { n0: n, n1: n, data };
}
