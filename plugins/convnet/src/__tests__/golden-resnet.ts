import * as tf from '@tensorflow/tfjs';
import { HostTensor, InMemoryWeights } from '@otfuse/core';
import { readModelFolder } from '@otfuse/io';
import { goldenPath, readGoldenJson, readGoldenTensors } from '@otfuse/testing';
import { ResnetConfig, normalizeResnetConfig } from '../resnet/config';

export const RESNET_VARIANTS = ['basic', 'bottleneck'] as const;
export type ResnetVariant = (typeof RESNET_VARIANTS)[number];

export interface GoldenResnet {
  config: ResnetConfig;
  configJson: Record<string, unknown>;
  weights: InMemoryWeights;
  /** Stored dtype of each tensor. */
  dtypes: Map<string, string>;
}

/** A resnet-tiny model folder (`basic`, `basic-perm`, …), every tensor as float32. */
export function loadGoldenResnet(folder: string): GoldenResnet {
  const model = readModelFolder(goldenPath('resnet-tiny', folder));
  try {
    const tensors = new Map<string, HostTensor>();
    const dtypes = new Map<string, string>();
    for (const name of model.weights.names()) {
      const t = model.weights.readAsFloat32(name);
      tensors.set(name, { shape: [...t.shape], data: t.data });
      dtypes.set(name, model.weights.info(name).dtype);
    }
    return { config: normalizeResnetConfig(model.config), configJson: model.config, weights: new InMemoryWeights(tensors), dtypes };
  } finally {
    model.weights.close();
  }
}

/** The golden inputs `pixel_values [8, 3, 32, 32]`. */
export function goldenResnetPixels(): tf.Tensor4D {
  const t = readGoldenTensors('resnet-tiny', 'inputs.safetensors').get('pixel_values');
  if (!t) throw new Error('resnet-tiny/inputs.safetensors has no pixel_values');
  return tf.tensor4d(t.data, t.shape as [number, number, number, number]);
}

/** HuggingFace's outputs of a variant: logits, hidden states, `bn_reset.*`. */
export const goldenResnetOutputs = (variant: ResnetVariant) => readGoldenTensors('resnet-tiny', `${variant}_outputs.safetensors`);

/** Tensor names of a variant in `state_dict` order, with shapes, as `transformers` listed them. */
export function goldenResnetTensors(variant: ResnetVariant): [string, number[]][] {
  const info = readGoldenJson<{ variants: Record<string, { tensors: Record<string, number[]> }> }>('resnet-tiny', 'info.json');
  return Object.entries(info.variants[variant].tensors);
}

/** NHWC `[batch·H·W, C]` rows (a captured feature map) back to NCHW, HuggingFace's layout. */
export function rowsToNchw(rows: tf.Tensor2D, shape: readonly number[]): Float32Array {
  const [batch, channels, height, width] = shape;
  return tf.tidy(() => tf.transpose(tf.reshape(rows, [batch, height, width, channels]), [0, 3, 1, 2]).dataSync() as Float32Array);
}
