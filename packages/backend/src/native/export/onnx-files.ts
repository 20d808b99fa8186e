import { encodeOnnxModel, initializerBytes, type OnnxGraph, type OnnxInitializer } from '../onnx-model';

/** A protobuf message may not exceed 2 GiB: past this many bytes of weights, they go to a file beside the model. */
export const EXTERNAL_DATA_THRESHOLD = 2 ** 31 - 2 ** 26;
/** Constants smaller than this stay in the model even when the weights are external (shapes, axes, scalars). */
const SMALL_CONSTANT_BYTES = 1024;

/** The files of one ONNX model, by name: `<name>`, and `<name>_data` when the weights are external. */
export type OnnxFiles = Record<string, Uint8Array>;

/**
 * `graph` as the files transformers.js and onnxruntime load: one `<name>` file, or, when its
 * weights pass {@link EXTERNAL_DATA_THRESHOLD} bytes, `<name>` holding the graph and
 * `<name>_data` their bytes (ONNX external data, which onnxruntime reads beside the model).
 */
export function encodeOnnxFiles(graph: OnnxGraph, name: string, threshold = EXTERNAL_DATA_THRESHOLD): OnnxFiles {
  const initializers = graph.initializers ?? [];
  const total = initializers.reduce((sum, initializer) => sum + initializer.values.byteLength, 0);
  if (total <= threshold) return { [name]: encodeOnnxModel(graph, 'otfuse') };
  const location = `${name}_data`;
  const chunks: Uint8Array[] = [];
  let offset = 0;
  const placed = initializers.map((initializer): OnnxInitializer => {
    if (initializer.values.byteLength < SMALL_CONSTANT_BYTES) return initializer;
    const bytes = initializerBytes(initializer);
    chunks.push(bytes);
    const external = { location, offset, length: bytes.length };
    offset += bytes.length;
    return { ...initializer, external };
  });
  const data = new Uint8Array(offset);
  let at = 0;
  for (const chunk of chunks) {
    data.set(chunk, at);
    at += chunk.length;
  }
  return { [name]: encodeOnnxModel({ ...graph, initializers: placed }, 'otfuse'), [location]: data };
}
