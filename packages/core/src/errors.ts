/**
 * Typed errors with a stable code and a context chain, so a failure deep inside a fusion reads
 * like `layers.2 › weight: expected [200, 400], got [300, 400]`.
 */
export type FusionErrorCode =
  | 'GRAPH_INVALID'
  | 'GRAPH_COVERAGE'
  | 'SHAPE_MISMATCH'
  | 'UNKNOWN_ID'
  | 'DUPLICATE_ID'
  | 'BAD_OPTION'
  | 'BAD_WEIGHTS'
  | 'MISSING_ACTIVATION'
  | 'INCOMPATIBLE_MODELS';

export class FusionError extends Error {
  readonly code: FusionErrorCode;
  readonly context: readonly string[];
  readonly detail: string;

  constructor(code: FusionErrorCode, detail: string, context: readonly string[] = []) {
    super(context.length ? `${context.join(' › ')}: ${detail}` : detail);
    this.name = 'FusionError';
    this.code = code;
    this.detail = detail;
    this.context = context;
  }

  /** The same error seen from an enclosing scope (outermost context first). */
  within(scope: string): FusionError {
    const wrapped = new FusionError(this.code, this.detail, [scope, ...this.context]);
    wrapped.stack = this.stack;
    return wrapped;
  }
}

/** Runs `fn`, prefixing any FusionError it throws with `scope`. */
export function inScope<T>(scope: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof FusionError) throw error.within(scope);
    throw error;
  }
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
