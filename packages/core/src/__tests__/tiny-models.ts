import * as tf from '@tensorflow/tfjs';
import { SeededRandom } from '@otfuse/extension';
import { container as rootContainer, DependencyContainer } from 'tsyringe';
import { register as registerOt } from '@otfuse/ot';
import { GraphBuilder } from '../graph/builder';
import { AlignmentGraph } from '../graph/nodes';
import { HostTensor, InMemoryWeights } from '../weights';

/** Deterministic floats in [0, 1) for test data. */
export function seeded(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.nextFloat();
}

export function randomTensor(shape: number[], random: () => number): HostTensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return { shape, data: Float32Array.from({ length: size }, () => random() * 2 - 1) };
}

/** `in → hidden… → out` chain of linears, the last one fixed. */
export function chainGraph(layers: number): AlignmentGraph {
  const g = new GraphBuilder();
  let input: string | null = null;
  for (let i = 0; i < layers; i++) {
    input = g.linear({ id: `fc${i}`, weight: `fc${i}.weight`, bias: `fc${i}.bias`, input, activation: `fc${i}`, fixedOutput: i === layers - 1 });
  }
  return g.build();
}

export function chainWeights(sizes: number[], seed: number): InMemoryWeights {
  const random = seeded(seed);
  const tensors: Record<string, HostTensor> = {};
  for (let i = 0; i + 1 < sizes.length; i++) {
    tensors[`fc${i}.weight`] = randomTensor([sizes[i + 1], sizes[i]], random);
    tensors[`fc${i}.bias`] = randomTensor([sizes[i + 1]], random);
  }
  return new InMemoryWeights(tensors);
}

/** Post-ReLU outputs of every chain layer on `x` (the last layer's raw logits). */
export function chainActivations(weights: InMemoryWeights, layers: number, x: tf.Tensor2D): Map<string, tf.Tensor2D> {
  const out = new Map<string, tf.Tensor2D>();
  tf.tidy(() => {
    let h: tf.Tensor2D = x;
    for (let i = 0; i < layers; i++) {
      const z = tf.add(tf.matMul(h, tf.transpose(weights.tensor(`fc${i}.weight`))), weights.tensor(`fc${i}.bias`)) as tf.Tensor2D;
      h = i === layers - 1 ? z : tf.relu(z);
      out.set(`fc${i}`, tf.keep(h));
    }
  });
  return out;
}

export function coreContainer(): DependencyContainer {
  const container = rootContainer.createChildContainer();
  registerOt(container);
  return container;
}

export function toRecord(fused: Map<string, HostTensor>): Record<string, number[]> {
  return Object.fromEntries([...fused].map(([k, v]) => [k, Array.from(v.data)]));
}

export function hostOf(weights: InMemoryWeights): Map<string, HostTensor> {
  return new Map(weights.names().map((n) => [n, weights.host(n)]));
}
