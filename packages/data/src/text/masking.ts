import { SeededRandom } from '@otfuse/extension';
import { IGNORE_LABEL } from '../dataset';
import { DataError } from '../errors';

/** BERT's masking recipe (Devlin et al. 2019, as HuggingFace's `DataCollatorForLanguageModeling`). */
export interface MaskingOptions {
  /** Chance that a real, non-special token is chosen for prediction (BERT: 0.15). */
  probability: number;
  /** Token written over 80% of the chosen positions. */
  maskId: number;
  /** Of the rest, half become a uniformly random token of `[firstRandomId, vocabSize)`, half stay as they are. */
  vocabSize: number;
  /** The lowest id a random replacement may take (the special tokens lie below it). */
  firstRandomId: number;
}

/** Inputs with the chosen positions replaced, and the labels: the original id there, {@link IGNORE_LABEL} elsewhere. */
export interface MaskedSequence {
  inputIds: Int32Array;
  labels: Int32Array;
}

/**
 * Masks one sequence with its own generator. Each position in `candidates` (the real,
 * non-special tokens) is chosen with `probability`; a sequence where none is chosen gets one
 * chosen position (drawn uniformly), so every sequence has a label. Each chosen position becomes
 * `[MASK]` with chance 0.8, a random token with chance 0.1, and stays with chance 0.1.
 */
export function maskSequence(inputIds: Int32Array, candidates: readonly number[], options: MaskingOptions, random: SeededRandom): MaskedSequence {
  const { probability, maskId, vocabSize, firstRandomId } = options;
  if (!(probability > 0 && probability <= 1)) throw new DataError('INVALID_ARGUMENT', `mask_probability must lie in (0, 1], got ${probability}`);
  if (!(firstRandomId < vocabSize)) throw new DataError('INVALID_ARGUMENT', `masking: no token to draw from [${firstRandomId}, ${vocabSize})`);
  const masked = Int32Array.from(inputIds);
  const labels = new Int32Array(inputIds.length).fill(IGNORE_LABEL);
  let chosen = candidates.filter(() => random.nextFloat() < probability);
  if (chosen.length === 0 && candidates.length > 0) chosen = [candidates[random.nextInt(candidates.length)]];
  for (const position of chosen) {
    labels[position] = inputIds[position];
    const draw = random.nextFloat();
    if (draw < 0.8) masked[position] = maskId;
    else if (draw < 0.9) masked[position] = firstRandomId + random.nextInt(vocabSize - firstRandomId);
  }
  return { inputIds: masked, labels };
}
