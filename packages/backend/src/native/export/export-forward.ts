import * as tf from '@tensorflow/tfjs';
import { FORWARD_TOLERANCE, largestDifference } from '../forward/compiled-forward';
import { forwardGraph, inputName, outputName, externalName } from '../forward/forward-graph';
import { TraceRefusal, traceFunction, type KernelTrace } from '../forward/kernel-trace';
import type { FittedConstant } from '../forward/batch-fit';
import { encodeOnnxModel, type OnnxGraph, type OnnxInitializer } from '../onnx-model';
import type { NativeInput, NativeRuntime } from '../onnxruntime';
import { dynamicGraph } from './dynamic-graph';
import { renameValues } from './graph-edits';
import { withNamedInputs } from './named-inputs';
import { tracePoints, type SizePoint } from './size-polynomial';

/** What to export: a model's eval forward pass, from its one input tensor to its logits. */
export interface ForwardExport {
  readonly fn: (x: tf.Tensor) => tf.Tensor;
  /** An input of `point`'s batch size (and sequence length), with values the model accepts. */
  readonly sample: (point: SizePoint) => tf.Tensor;
  /** The graph's inputs (see `withNamedInputs`): one name for the input itself, several for rows stacked on axis 1. */
  readonly inputs: readonly string[];
  /** The input's sequence axis (text); absent, only the batch varies. */
  readonly lengthAxis?: number;
  /** The longest sequence the model takes: traces and the check stay within it. */
  readonly maxLength?: number;
  /** The graph's output name (`logits`). */
  readonly output: string;
  /** The weights' names, by tensor (a tensor `fn` reads that is not named here is named by position). */
  readonly names: ReadonlyMap<tf.Tensor, string>;
}

/** An exported graph, and how it compared with tfjs on a batch (and length) it was not traced at. */
export interface ExportedForward {
  readonly graph: OnnxGraph;
  /** The largest |graph − tfjs| and the largest |tfjs| on the check batch; absent where no onnxruntime-node ran the check. */
  readonly check?: { readonly worst: number; readonly scale: number; readonly point: SizePoint };
}

/** Traced shortest length; the check runs at batch 3, three tokens past the longest trace. */
const FIRST_LENGTH = 3;
const CHECK = { batch: 3, extraLength: 3 };

/** A constant of one value everywhere is kept as that value expanded to its shape, whose numbers may then depend on the sizes. */
function withFills(trace: KernelTrace): KernelTrace {
  const constants = trace.constants.map((c): FittedConstant => {
    const first = c.values[0];
    return c.values.length > 1 && c.values.every((v) => v === first) ? { ...c, values: c.values.slice(0, 1) as tf.TypedArray, fill: true } : c;
  });
  return { ...trace, constants };
}

/** The graph at one size, and the tensors it reads besides its input. */
function graphAt(spec: ForwardExport, point: SizePoint): { graph: OnnxGraph; externals: readonly tf.Tensor[] } {
  const x = spec.sample(point);
  try {
    const compiled = forwardGraph(withFills(traceFunction(([input]) => [spec.fn(input)], [x])));
    return { graph: compiled.graph, externals: compiled.externals };
  } finally {
    x.dispose();
  }
}

/** The external tensors as constants named after the weights. */
function withWeights(graph: OnnxGraph, externals: readonly tf.Tensor[], names: ReadonlyMap<tf.Tensor, string>): OnnxGraph {
  const renames = new Map<string, string>();
  const weights: OnnxInitializer[] = externals.map((tensor, i) => {
    const name = names.get(tensor) ?? `weight_${i}`;
    renames.set(externalName(i), name);
    const values = tensor.dataSync();
    if (!(values instanceof Float32Array || values instanceof Int32Array)) throw new TraceRefusal(`a ${tensor.dtype} weight cannot be exported`);
    return { name, dims: [...tensor.shape], values: values.slice() };
  });
  const external = new Set(externals.map((_, i) => externalName(i)));
  const withConstants = { ...graph, inputs: graph.inputs.filter((input) => !external.has(input.name)), initializers: [...weights, ...(graph.initializers ?? [])] };
  return renameValues(withConstants, renames);
}

/** Runs the graph (input and output as traced) on onnxruntime-node at a size it was not traced at, against tfjs. */
function check(runtime: NativeRuntime, spec: ForwardExport, graph: OnnxGraph, point: SizePoint): ExportedForward['check'] {
  const x = spec.sample(point);
  const expected = tf.tidy(() => spec.fn(x));
  try {
    const data = x.dataSync();
    if (!(data instanceof Float32Array || data instanceof Int32Array)) throw new TraceRefusal(`a ${x.dtype} input cannot be checked`);
    const got = new Float32Array(expected.size);
    runtime.createSession(encodeOnnxModel(graph, 'otfuse-export-check')).runInto({ [inputName(0)]: { data, dims: x.shape } as NativeInput }, { [outputName(0)]: { data: got, dims: expected.shape } });
    return { ...largestDifference(got, expected.dataSync()), point };
  } finally {
    tf.dispose([x, expected]);
  }
}

/**
 * `spec.fn` as one ONNX graph with its weights as constants, for every batch size (and sequence
 * length, for text): traced at a few sizes (see `dynamicGraph`), checked on onnxruntime-node
 * (when `runtime` is given) at a size it was not traced at, with inputs and output named as
 * `spec` says. Throws TraceRefusal when a kernel does not translate or the check fails.
 */
export function exportForward(spec: ForwardExport, runtime?: NativeRuntime): ExportedForward {
  const lengthAxis = spec.lengthAxis;
  const points = tracePoints(lengthAxis !== undefined, FIRST_LENGTH);
  const checkPoint = { batch: CHECK.batch, length: FIRST_LENGTH + 2 + CHECK.extraLength };
  if (lengthAxis !== undefined && spec.maxLength !== undefined && spec.maxLength < checkPoint.length) {
    throw new TraceRefusal(`sequences of ${checkPoint.length} tokens are needed to export with a dynamic length; the model takes at most ${spec.maxLength}`);
  }
  const traced = points.map((point) => graphAt(spec, point));
  const externals = traced[0].externals;
  if (traced.some((t) => t.externals.length !== externals.length || t.externals.some((tensor, i) => tensor !== externals[i]))) {
    throw new TraceRefusal('the forward pass reads other weights at another size');
  }
  const merged = dynamicGraph(
    traced.map((t) => t.graph),
    points,
    { input: inputName(0), lengthAxis },
  );
  const graph = withWeights(merged, externals, spec.names);
  const checked = runtime === undefined ? undefined : check(runtime, spec, graph, checkPoint);
  if (checked !== undefined && !(checked.worst <= FORWARD_TOLERANCE * Math.max(1, checked.scale))) {
    throw new TraceRefusal(`the exported graph's logits differ from tfjs's by up to ${checked.worst} (largest value ${checked.scale}) at batch ${checkPoint.batch}`);
  }
  const named = withNamedInputs(graph, inputName(0), spec.inputs);
  return { graph: renameValues(named, new Map([[outputName(0), spec.output]])), check: checked };
}
