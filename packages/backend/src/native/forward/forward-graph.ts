import type * as tf from '@tensorflow/tfjs';
import type { OnnxGraph } from '../onnx-model';
import type { FittedConstant } from './batch-fit';
import { TraceRefusal, type KernelTrace, type TraceSource } from './kernel-trace';
import { OnnxBuilder, onnxType } from './onnx-builder';
import { TRANSLATIONS, type KernelContext } from './kernel-translations';

/** The graph input that takes the function's argument `i`, and the graph output of its result `i`. */
export const inputName = (i: number) => `X${i}`;
export const outputName = (i: number) => `C${i}`;

/** An ONNX graph of one trace, and the tensors to feed it besides the arguments, in the order of their inputs. */
export interface ForwardGraph {
  readonly graph: OnnxGraph;
  /** Graph input `externalName(i)` takes `externals[i]`, read at every run. */
  readonly externals: readonly tf.Tensor[];
  /** The traced kernels the graph holds (those the outputs depend on). */
  readonly kernels: number;
}

export const externalName = (i: number) => `P${i}`;

/** The kernels the outputs depend on, walking back from them. */
function liveKernels(trace: KernelTrace): boolean[] {
  const live = trace.kernels.map(() => false);
  const pending = trace.outputs.map((o) => o.source.node);
  while (pending.length > 0) {
    const node = pending.pop() as number;
    if (live[node]) continue;
    live[node] = true;
    for (const input of trace.kernels[node].inputs) if (input.source.kind === 'kernel') pending.push(input.source.node);
  }
  return live;
}

/** Translates a trace at one batch size into an ONNX graph; throws TraceRefusal for a kernel it cannot translate. */
export function forwardGraph(trace: KernelTrace): ForwardGraph {
  const graph = new OnnxBuilder();
  const externals: tf.Tensor[] = [];
  const externalNames = new Map<tf.Tensor, string>();
  const constantNames = new Map<number, string>();
  const kernelOutputs: string[][] = [];
  const valueOf = (source: TraceSource): string => {
    switch (source.kind) {
      case 'input':
        return inputName(source.index);
      case 'kernel':
        return kernelOutputs[source.node][source.output];
      case 'external': {
        let name = externalNames.get(source.tensor);
        if (name === undefined) {
          name = externalName(externals.length);
          externals.push(source.tensor);
          externalNames.set(source.tensor, name);
        }
        return name;
      }
      case 'constant': {
        let name = constantNames.get(source.index);
        if (name === undefined) {
          const c: FittedConstant = trace.constants[source.index];
          onnxType(c.dtype); // refuses complex64 and string
          // tfjs holds float32, int32 and bool (as bytes) in exactly the arrays ONNX wants.
          const values = c.values as Float32Array | Int32Array | Uint8Array;
          // A fill (a gradient's tensor of ones) is one value expanded: its size grows with the batch.
          name = c.fill ? graph.emit('Expand', [graph.constant(values, []), graph.int64s(c.shape)]) : graph.constant(values, c.shape);
          constantNames.set(source.index, name);
        }
        return name;
      }
    }
  };

  const live = liveKernels(trace);
  trace.kernels.forEach((kernel, node) => {
    if (!live[node]) {
      kernelOutputs.push([]);
      return;
    }
    const translate = TRANSLATIONS[kernel.name];
    if (translate === undefined) throw new TraceRefusal(`kernel ${kernel.name} has no ONNX translation here`);
    kernel.outputs.forEach((o) => onnxType(o.dtype));
    const context: KernelContext = {
      kernel,
      graph,
      value: (name) => valueOf(context.input(name).source),
      input: (name) => {
        const input = kernel.inputs.find((i) => i.name === name);
        if (input === undefined) throw new TraceRefusal(`kernel ${kernel.name} has no input '${name}'`);
        return input;
      },
      outShape: (i = 0) => kernel.outputs[i].shape,
      attr: <T>(name: string) => kernel.attrs[name] as T,
    };
    const outputs = translate(context);
    kernelOutputs.push(Array.isArray(outputs) ? outputs : [outputs]);
  });

  // Each result leaves through an Identity named as the graph's output (two results may be one value).
  const outputs = trace.outputs.map((o, i) => {
    graph.nodes.push({ opType: 'Identity', inputs: [valueOf(o.source)], outputs: [outputName(i)] });
    return { name: outputName(i), elemType: onnxType(o.dtype), dims: [...o.shape] };
  });
  const dims = (shape: readonly number[]) => [...shape];
  return {
    graph: {
      nodes: graph.nodes,
      initializers: graph.initializers,
      inputs: [
        ...trace.inputs.map((input, i) => ({ name: inputName(i), elemType: onnxType(input.dtype), dims: dims(input.shape) })),
        ...externals.map((t, i) => ({ name: externalName(i), elemType: onnxType(t.dtype), dims: dims(t.shape) })),
      ],
      outputs,
    },
    externals,
    kernels: live.filter(Boolean).length,
  };
}
