/**
 * The values the data-only pickle interpreter builds: JS primitives for None, booleans, numbers
 * and strings, frozen arrays for tuples, arrays for lists, {@link PickleDict} for dicts, and
 * whatever the format's hooks make of the globals they allow.
 */

/** A dict (or an OrderedDict: `type` says which), keys in insertion order as Python keeps them. */
export class PickleDict {
  readonly items = new Map<unknown, unknown>();
  /** Attributes a BUILD set on an object that has them (an OrderedDict's `_metadata`). */
  attributes: PickleDict | undefined;

  constructor(readonly type: 'dict' | 'collections.OrderedDict' = 'dict') {}
}

/** A global the hooks allow, as `module name`. */
export interface PickleGlobal {
  readonly qualifiedName: string;
}

/** A global the hooks allow to be called by REDUCE; `call` is ours, never anything the pickle names. */
export interface PickleCallable extends PickleGlobal {
  call(args: readonly unknown[]): unknown;
}

/** Something a pickle may not do, or a malformed pickle; nothing was executed either way. */
export class PickleRefusal extends Error {
  override readonly name = 'PickleRefusal';

  constructor(
    readonly kind: 'global' | 'opcode' | 'invalid',
    message: string,
  ) {
    super(message);
  }
}

export function isTuple(value: unknown): value is readonly unknown[] {
  return Array.isArray(value) && Object.isFrozen(value);
}

function isGlobal(value: unknown): value is PickleGlobal {
  return typeof value === 'object' && value !== null && typeof (value as PickleGlobal).qualifiedName === 'string';
}

export function isCallable(value: unknown): value is PickleCallable {
  return isGlobal(value) && typeof (value as PickleCallable).call === 'function';
}

/** A short description of a value for messages: `an int (7)`, `a tuple of 3`, `the global 'x y'`. */
export function describePickleValue(value: unknown): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number' || typeof value === 'bigint') return Number.isInteger(Number(value)) ? `an int (${value})` : `a float (${value})`;
  if (typeof value === 'string') return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value)})`;
  if (isTuple(value)) return `a tuple of ${value.length}`;
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (value instanceof PickleDict) return value.type === 'dict' ? `a dict of ${value.items.size}` : `an OrderedDict of ${value.items.size}`;
  if (isGlobal(value)) return `the global '${value.qualifiedName}'`;
  return 'an object';
}
