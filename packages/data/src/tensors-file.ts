import { type TensorData, type TensorInfo, TensorRows, int64ToInt32, isFloatDtype, openSafetensors } from '@otfuse/io';
import { ArrayDataset } from './array-dataset';
import { type Dataset, IGNORE_LABEL, type Split } from './dataset';
import { DataError } from './errors';
import { readTokenInputs } from './text/token-tensors';

/** Options of {@link loadTensorsFile}. */
export interface TensorsFileOptions {
  /** The .safetensors file. */
  path: string;
  /**
   * Name of the inputs tensor `[N, ...inputShape]`; default `inputs`, else `pixel_values`, else
   * tokenised text: `input_ids` with optional `attention_mask` and `token_type_ids`, each
   * `[N, length]`, packed into BERT's `[N, 3, length]`.
   */
  inputs?: string;
  /** Name of the integer labels tensor `[N]` (default `labels`). */
  labels?: string;
  /**
   * Read the inputs alone, for a task without labels (a feature extractor): no labels tensor is
   * needed and none is read; every example's label is then 0, of one class.
   */
  inputsOnly?: boolean;
  /**
   * Number of classes; default: the file's `num_classes` metadata, else the largest label + 1
   * (marked as not stated: a model's output width may replace it, see `withNumClasses`).
   */
  numClasses?: number;
  /** Split the examples are reported as (default `test`). */
  split?: Split;
}

/** Input tensor names tried in order when none is given. */
export const DEFAULT_INPUT_TENSORS = ['inputs', 'pixel_values'] as const;

function quoted(names: readonly string[], separator: string): string {
  return names.map((name) => `'${name}'`).join(separator);
}

function mismatch(file: string, tensor: string, problem: string): DataError {
  return new DataError('TENSOR_MISMATCH', `${file}: tensor '${tensor}': ${problem}`);
}

function readLabels(file: string, name: string, tensor: TensorData, perToken: boolean): Int32Array {
  const { dtype, data } = tensor;
  if (isFloatDtype(dtype) || dtype === 'BOOL') {
    throw mismatch(file, name, `labels must be an integer tensor (I64, I32, …), got ${dtype}`);
  }
  const labels =
    data instanceof BigInt64Array || data instanceof BigUint64Array
      ? int64ToInt32(data, `${file}: tensor '${name}'`)
      : Int32Array.from(data as ArrayLike<number>);
  // Per-token labels mark unlabelled positions with IGNORE_LABEL; any other negative label is an error.
  const negative = labels.findIndex((label) => label < 0 && !(perToken && label === IGNORE_LABEL));
  if (negative >= 0) {
    throw mismatch(file, name, perToken ? `label ${labels[negative]} at flat position ${negative} is negative and not ${IGNORE_LABEL} (no label)` : `label ${labels[negative]} of example ${negative} is negative`);
  }
  return labels;
}

function inputTensorName(file: string, has: (name: string) => boolean, names: string[], requested: string | undefined): string {
  const candidates = requested === undefined ? DEFAULT_INPUT_TENSORS : [requested];
  const found = candidates.find(has);
  if (found === undefined) {
    throw new DataError(
      'TENSOR_MISSING',
      `${file}: no inputs tensor ${quoted(candidates, ' or ')}; the file holds ${quoted(names, ', ') || 'no tensors'}`,
    );
  }
  return found;
}

function checkShapes(file: string, inputs: TensorInfo, labels: TensorInfo | undefined): void {
  if (inputs.shape.length < 2) {
    throw mismatch(file, inputs.name, `inputs must be [examples, ...inputShape], got shape [${inputs.shape.join(', ')}]`);
  }
  if (labels && (labels.shape.length === 0 || labels.shape[0] !== inputs.shape[0])) {
    throw mismatch(
      file,
      labels.name,
      `expected shape [${inputs.shape[0]}] (one label per row of '${inputs.name}'), got [${labels.shape.join(', ')}]` +
        (labels.shape.length === 1 ? '' : `; per-token labels are [${inputs.shape[0]}, length]`),
    );
  }
  if (inputs.shape[0] === 0) throw mismatch(file, inputs.name, 'holds no examples');
}

/** The class count a file's header states (`__metadata__.num_classes`, a positive integer as text). */
function statedClasses(file: string, metadata: Readonly<Record<string, string>> | undefined): number | undefined {
  const text = metadata?.num_classes;
  if (text === undefined) return undefined;
  if (!/^[1-9][0-9]*$/.test(text)) throw new DataError('TENSOR_MISMATCH', `${file}: metadata num_classes must be a positive integer, got '${text}'`);
  return Number(text);
}

/**
 * A labelled data set read from a .safetensors file: inputs converted to float32 as stored (no
 * scaling), labels narrowed to int32 (none with `inputsOnly`). Labels and tokenised text are read
 * when called; other inputs stay in the file and are read row by row as batches ask for them.
 */
export function loadTensorsFile(options: TensorsFileOptions): Dataset {
  const { path: file, labels: labelsName = 'labels', split = 'test' } = options;
  const reader = openSafetensors(file);
  try {
    const names = reader.names().sort();
    // Tokenised text (input_ids, attention_mask, token_type_ids) when no inputs tensor is named or present.
    const text = options.inputs === undefined && !DEFAULT_INPUT_TENSORS.some((name) => reader.has(name)) && reader.has('input_ids');
    const inputsName = text ? 'input_ids' : inputTensorName(file, (name) => reader.has(name), names, options.inputs);
    if (!options.inputsOnly && !reader.has(labelsName)) {
      throw new DataError(
        'TENSOR_MISSING',
        `${file}: no labels tensor '${labelsName}'; the file holds ${quoted(names, ', ') || 'no tensors'}`,
      );
    }
    const tokens = text ? readTokenInputs(file, reader) : undefined;
    const inputsInfo = tokens ? { ...reader.info(inputsName), shape: tokens.shape } : reader.info(inputsName);
    const labelsInfo = options.inputsOnly ? undefined : reader.info(labelsName);
    checkShapes(file, inputsInfo, labelsInfo);
    const labelShape = labelsInfo?.shape.slice(1) ?? [];
    const y = labelsInfo ? readLabels(file, labelsName, reader.read(labelsName), labelShape.length > 0) : new Int32Array(inputsInfo.shape[0]);
    const stated = options.inputsOnly ? 1 : (options.numClasses ?? statedClasses(file, reader.metadata));
    const numClasses = stated ?? y.reduce((max, label) => Math.max(max, label), 0) + 1;
    return new ArrayDataset({
      name: file,
      split,
      inputShape: inputsInfo.shape.slice(1),
      numClasses,
      ...(stated === undefined ? { numClassesStated: false } : {}),
      x: tokens ? tokens.x : new TensorRows(inputsInfo),
      y,
      labelShape,
    });
  } finally {
    reader.close();
  }
}
