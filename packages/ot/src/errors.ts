/**
 * Typed errors of @otfuse/ot. Every error carries a stable `code` to branch on and a message
 * that names the argument at fault, what was expected and what was found.
 */

export type OtErrorCode =
  | 'OT_EMPTY_PROBLEM'
  | 'OT_SHAPE_MISMATCH'
  | 'OT_NON_FINITE_COST'
  | 'OT_NEGATIVE_COST'
  | 'OT_NON_FINITE_MASS'
  | 'OT_NEGATIVE_MASS'
  | 'OT_MASS_MISMATCH'
  | 'OT_NOT_UNIFORM'
  | 'OT_NON_FINITE_INPUT'
  | 'OT_INVALID_OPTION'
  | 'OT_SOLVER_FAILED';

/** Base class of every error this package throws. */
export class OtError extends Error {
  override readonly name: string = 'OtError';

  constructor(
    readonly code: OtErrorCode,
    message: string,
  ) {
    super(message);
  }
}
