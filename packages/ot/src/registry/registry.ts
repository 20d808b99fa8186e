import { OtError } from '../errors';
import type { Registered } from './parameters';

/**
 * Named extensions of one kind in a single Map. Registering a taken name is an error; looking
 * up an unknown name says what exists, in registration order.
 */
export class Registry<T extends Registered> {
  private readonly entries = new Map<string, T>();

  /** `kind` starts the messages, e.g. `Solver` or `Ground metric`. */
  constructor(private readonly kind: string) {}

  register(entry: T): void {
    if (this.entries.has(entry.name)) {
      throw new OtError('OT_DUPLICATE_NAME', `${this.kind} '${entry.name}' is already registered`);
    }
    this.entries.set(entry.name, entry);
  }

  get(name: string): T {
    const entry = this.entries.get(name);
    if (entry === undefined) {
      throw new OtError(
        'OT_UNKNOWN_NAME',
        `${this.kind} '${name}' not found; available: ${[...this.entries.keys()].join(', ')}`,
      );
    }
    return entry;
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  list(): T[] {
    return [...this.entries.values()];
  }
}
