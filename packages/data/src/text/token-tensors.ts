import type { TensorReader } from '@otfuse/io';
import { DataError } from '../errors';

/** The tensors of a tokenised text file, HuggingFace's names: `input_ids` is required, the others default as in `transformers`. */
export const TOKEN_TENSORS = ['input_ids', 'attention_mask', 'token_type_ids'] as const;

/**
 * Packs `input_ids`, `attention_mask` (default: ones) and `token_type_ids` (default: zeros),
 * each `[N, length]`, into BERT's one input tensor `[N, 3, length]` as float32 (ids below 2^24
 * are exact).
 */
export function readTokenInputs(file: string, reader: TensorReader): { x: Float32Array; shape: number[] } {
  const ids = reader.info('input_ids');
  if (ids.shape.length !== 2) throw new DataError('TENSOR_MISMATCH', `${file}: tensor 'input_ids': expected [examples, length], got [${ids.shape.join(', ')}]`);
  const [count, length] = ids.shape;
  const rows = TOKEN_TENSORS.map((name) => {
    if (!reader.has(name)) return undefined;
    const { shape } = reader.info(name);
    if (shape.length !== 2 || shape[0] !== count || shape[1] !== length) {
      throw new DataError('TENSOR_MISMATCH', `${file}: tensor '${name}': expected [${count}, ${length}] as 'input_ids', got [${shape.join(', ')}]`);
    }
    return reader.readAsFloat32(name).data;
  });
  const x = new Float32Array(count * 3 * length);
  for (let e = 0; e < count; e++) {
    rows.forEach((row, r) => {
      const target = (e * 3 + r) * length;
      if (row) x.set(row.subarray(e * length, (e + 1) * length), target);
      else if (r === 1) x.fill(1, target, target + length);
    });
  }
  return { x, shape: [count, 3, length] };
}
