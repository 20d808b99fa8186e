/** Machine-readable reason of a {@link TrainError}. */
export type TrainErrorCode = 'INVALID_OPTION' | 'SHAPE_MISMATCH' | 'NO_TRAINABLE_VARIABLES' | 'LABEL_SHAPE_MISMATCH' | 'NO_LABELS';

/** Every error this package throws: a code to branch on and a message naming the option or tensor. */
export class TrainError extends Error {
  override readonly name = 'TrainError';

  constructor(
    readonly code: TrainErrorCode,
    message: string,
  ) {
    super(message);
  }
}
