import { registerNodeKind } from '@otfuse/core';
import { READOUT_KIND, containerWithToy } from '@otfuse/run/testing';
import { formatRegistry } from './list';

describe('otfuse list', () => {
  it('lists every registered extension with its description and parameters', () => {
    const text = formatRegistry();
    for (const id of ['generic-mlp', 'emd', 'sinkhorn', 'sinkhorn-log', 'sinkhorn_for_widening', 'euclidean', 'cosine', 'mnist', 'fashion-mnist', 'tensors-file']) {
      expect(text).toMatch(new RegExp(`^  ${id} +\\S`, 'm'));
    }
    // Every parameter with its type, bounds and default (or required/optional).
    expect(text).toContain("max_iter: integer ≥ 0 (default 1000) — most scaling iterations");
    expect(text).toContain("reg: number > 0 (default 0.08)");
    expect(text).toContain("kernel_precision: 'float32' | 'float64' (default 'float32')");
    expect(text).toContain("seq_filter: 'none' | 'only_cls' | 'window_<k>' (default 'window_6')");
    expect(text).toContain('std: number > 0 (default 1)');
    expect(text).toContain('path: string (required)');
    expect(text).toContain('num_classes: integer ≥ 1 (optional)');
  });

  it('lists the node kinds, each with its description', () => {
    const text = formatRegistry();
    expect(text).toContain("node kinds: (the nodes of architectures' alignment graphs; a plugin adds its own with registerNodeKind)\n");
    const section = text.slice(text.indexOf('node kinds:'), text.indexOf('\n\n', text.indexOf('node kinds:')));
    // The built-in kinds, then those a plugin registers (hf-llama's RoPE attention and SwiGLU MLP).
    expect(section.split('\n').slice(1).map((line) => line.trim().split(' ')[0])).toEqual(['linear', 'norm', 'embedding', 'attention', 'residual', 'tie', 'rope-gqa-attention', 'swiglu-mlp']);
    expect(text).toContain('  residual                 a junction y = x + f(x): combines the skip and branch maps by the residual policy\n');
  });

  it('lists the alignment methods with their references and parameters, like solvers', () => {
    const text = formatRegistry();
    expect(text).toContain('alignment methods: (parameters set under fusion.method_params.<id>)\n');
    for (const id of ['ot', 'weight_matching', 'vanilla']) expect(text).toMatch(new RegExp(`^  ${id} +\\S`, 'm'));
    expect(text).toContain('see: Ainsworth et al., Git Re-Basin: Merging Models modulo Permutation Symmetries, ICLR 2023\n');
    expect(text).toContain('max_iterations: integer ≥ 1 (default 100) — sweeps over all permutation classes at most\n');
    expect(text).toContain('seed: integer ≥ 0 (default 0) — seeds the order the classes are visited in each sweep\n');
  });

  it('lists the tasks with their metrics, headline first', () => {
    const text = formatRegistry();
    const metrics = [...text.matchAll(/^ {2}(\S+) +.*\n {29}metrics: (.*)$/gm)].map((m) => [m[1], m[2]]);
    expect(metrics).toEqual([
      ['classification', 'accuracy, loss'],
      ['token-classification', 'token accuracy, loss'],
      ['span-qa', 'exact match, start accuracy, end accuracy, loss'],
      ['masked-lm', 'masked-token accuracy, MLM loss, perplexity'],
      ['causal-lm', 'next-token accuracy, LM loss, perplexity'],
      ['features', 'mean squared difference, cosine similarity, linear CKA'],
    ]);
  });
});

describe('a solver registered by a user', () => {
  it('is listed with its parameters, their types, bounds and defaults', () => {
    const text = formatRegistry(containerWithToy());
    expect(text).toMatch(/^ {2}toy-blend +exact OT blended with the independent coupling$/m);
    expect(text).toContain('mix: number ≥ 0, ≤ 1 (default 0) — weight of the independent coupling');
    expect(text).toContain("algorithm: 'network-simplex' | 'assignment' (default 'assignment')");
  });
});

describe('a node kind registered by a plugin', () => {
  it('is listed with its description', () => {
    registerNodeKind(READOUT_KIND);
    expect(formatRegistry()).toMatch(/^ {2}test-readout +scores features against another node's table$/m);
  });
});
