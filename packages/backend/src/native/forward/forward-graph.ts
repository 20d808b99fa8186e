import type * as tf from '@tensorflow/tfjs';
import type { OnnxGraph } from '../onnx-model';
import { TraceRefusal, type KernelTrace, type TraceSource } from './kernel-trace';
import { OnnxBuilder, onnxType } from './onnx-builder';
import { TRANSLATIONS, type KernelContext } from './kernel-translations';

/** The graph input that takes the function's argument, and the graph output. */
export const FORWARD_INPUT = 'X';
export const FORWARD_OUTPUT = 'C';

/** An ONNX graph of one trace, and the tensors to feed it besides `X`, in the order of their inputs. */
export interface ForwardGraph {
  readonly graph: OnnxGraph;
  /** Graph input `externalName(i)` takes `externals[i]`, read at every run. */
  readonly externals: readonly tf.Tensor[];
  /** The traced kernels the graph holds (those the output depends on). */
  readonly kernels: number;
}

export const externalName = (i: number) => `P${i}`;

/** The kernels the output depends on, walking back from it. */
function liveKernels(trace: KernelTrace): boolean[] {
  const live = trace.kernels.map(() => false);
  const pending = [trace.output.source.node];
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
        return FORWARD_INPUT;
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
          const c = trace.constants[source.index];
          onnxType(c.dtype); // refuses complex64 and string
          // tfjs holds float32, int32 and bool (as bytes) in exactly the arrays ONNX wants.
          name = graph.constant(c.values as Float32Array | Int32Array | Uint8Array, c.shape);
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

  graph.emit('Identity', [valueOf(trace.output.source)]);
  const nodes = graph.nodes.map((n, i) => (i === graph.nodes.length - 1 ? { ...n, outputs: [FORWARD_OUTPUT] } : n));
  const dims = (shape: readonly number[]) => [...shape];
  return {
    graph: {
      nodes,
      initializers: graph.initializers,
      inputs: [
        { name: FORWARD_INPUT, elemType: onnxType(trace.input.dtype), dims: dims(trace.input.shape) },
        ...externals.map((t, i) => ({ name: externalName(i), elemType: onnxType(t.dtype), dims: dims(t.shape) })),
      ],
      outputs: [{ name: FORWARD_OUTPUT, elemType: onnxType(trace.output.dtype), dims: dims(trace.output.shape) }],
    },
    externals,
    kernels: live.filter(Boolean).length,
  };
}
