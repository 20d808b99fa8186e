import * as tf from '@tensorflow/tfjs';
import { TraceRefusal, encodeOnnxFiles, exportForwardGraph, quantizeMatMuls, type ExportedForward } from '@otfuse/backend';
import { FusionError } from '@otfuse/core';
import type { ModelToWrite } from '../model-writer';
import { sampleInput } from './sample-inputs';

/** Where transformers.js looks for the graphs: `onnx/model.onnx`, and `onnx/model_quantized.onnx` for `dtype: 'q8'`. */
export const ONNX_FOLDER = 'onnx';
export const ONNX_MODEL = `${ONNX_FOLDER}/model.onnx`;
export const ONNX_QUANTIZED_MODEL = `${ONNX_FOLDER}/model_quantized.onnx`;

export interface OnnxExport {
  /** By path in the model folder. */
  readonly files: Record<string, Uint8Array>;
  /** How the graph compared with tfjs where it was checked (see `exportForward`). */
  readonly check: ExportedForward['check'];
}

/** The model's eval forward pass as `onnx/model.onnx` (and, with `quantize`, `onnx/model_quantized.onnx`). */
export function exportOnnx(model: ModelToWrite, options: { quantize?: boolean } = {}): OnnxExport {
  const { architecture, config } = model;
  const where = [`${architecture.id} ONNX export`];
  if (architecture.namedInputs === undefined) {
    throw new FusionError('BAD_OPTION', `${architecture.id} has no ONNX export for transformers.js: it does not name its inputs as transformers does (ViT and BERT export; decoders would also need past key values to generate text)`, where);
  }
  const inputs = architecture.namedInputs(config);
  const names = new Map<tf.Tensor, string>();
  const params: Record<string, tf.Tensor> = {};
  for (const name of model.names ?? model.weights.keys()) {
    const host = model.weights.get(name);
    if (host === undefined) continue;
    params[name] = tf.tensor(host.data, host.shape, 'float32');
    names.set(params[name], name);
  }
  try {
    const lengthAxis = inputs.shape.indexOf('length');
    const exported = exportForwardGraph({
      fn: (x) => architecture.forward(config, params, x).logits,
      sample: (point) => sampleInput(inputs, point),
      inputs: inputs.names,
      lengthAxis: lengthAxis < 0 ? undefined : lengthAxis + 1,
      maxLength: inputs.maxLength,
      output: 'logits',
      names,
    });
    const files: Record<string, Uint8Array> = {};
    const add = (path: string, graph: typeof exported.graph) => Object.entries(encodeOnnxFiles(graph, path.split('/').pop() as string)).forEach(([file, bytes]) => (files[`${ONNX_FOLDER}/${file}`] = bytes));
    add(ONNX_MODEL, exported.graph);
    if (options.quantize) add(ONNX_QUANTIZED_MODEL, quantizeMatMuls(exported.graph).graph);
    return { files, check: exported.check };
  } catch (error) {
    if (error instanceof TraceRefusal) throw new FusionError('BAD_OPTION', `the forward pass does not translate to ONNX: ${error.message}`, where);
    throw error;
  } finally {
    tf.dispose(Object.values(params));
  }
}
