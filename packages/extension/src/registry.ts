import { ExtensionError } from './errors';
import { type Extension, type ExtensionContainer, type ExtensionPoint, nounOf } from './extension';

/**
 * The extensions of one kind, in registration order: the one registry shape. Built from a
 * container (`Registry.of`) or from a list (a package's built-ins, used on their own).
 * Duplicate ids are errors; a lookup of an unknown id lists the registered ones.
 */
export class Registry<T extends Extension> {
  private readonly byId = new Map<string, T>();

  constructor(
    /** What messages call one member, e.g. `OT solver`. */
    readonly noun: string,
    members: readonly T[],
  ) {
    for (const member of members) {
      if (this.byId.has(member.id)) throw new ExtensionError('DUPLICATE_ID', `${noun} '${member.id}' is registered twice`);
      this.byId.set(member.id, member);
    }
  }

  /** Everything registered under `point` in `container` (and its parents). */
  static of<T extends Extension>(container: ExtensionContainer, point: ExtensionPoint<T>): Registry<T> {
    const members = container.isRegistered(point, true) ? container.resolveAll<T>(point) : [];
    return new Registry(nounOf(point), members);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get(id: string): T {
    const member = this.byId.get(id);
    if (member === undefined) {
      throw new ExtensionError('UNKNOWN_ID', `${this.noun} '${id}' not found; available: ${this.ids().join(', ') || 'none'}`);
    }
    return member;
  }

  ids(): string[] {
    return [...this.byId.keys()];
  }

  list(): T[] {
    return [...this.byId.values()];
  }
}
