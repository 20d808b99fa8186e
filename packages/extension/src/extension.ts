import type { ParameterSpec } from './parameter-spec';

/** What everything registrable carries: architectures, OT solvers, ground metrics, data sets. */
export interface Extension {
  /** Unique among extensions of its kind; what experiment files name. */
  readonly id: string;
  /** One line, shown by `otfuse list` and the generated docs. */
  readonly description: string;
  /** Where the method comes from (a paper or a specification), when there is one. */
  readonly reference?: string;
  /** Typed parameters, settable from experiment files and validated by `resolveParameters`. */
  readonly parameters: readonly ParameterSpec[];
}

/**
 * A kind of extension: the key its members are registered under in a dependency-injection
 * container (a plain symbol, which tsyringe accepts as a token) and the noun messages use.
 */
export type ExtensionPoint<T extends Extension> = symbol & { readonly __extension?: T };

/** The point for one kind; `noun` reads in messages, e.g. `OT solver`. */
export function extensionPoint<T extends Extension>(noun: string): ExtensionPoint<T> {
  return Symbol.for(`otfuse.${noun}`) as ExtensionPoint<T>;
}

/** The noun an extension point was made with. */
export function nounOf(point: ExtensionPoint<Extension>): string {
  return (point.description ?? 'otfuse.extension').replace(/^otfuse\./, '');
}

/**
 * The part of a dependency-injection container registration uses (tsyringe's
 * `DependencyContainer` satisfies it), so a package can offer `register(container)` without
 * depending on the container library.
 */
export interface ExtensionContainer {
  register(token: symbol, provider: { useValue: unknown }): unknown;
  isRegistered(token: symbol, recursive?: boolean): boolean;
  resolveAll<T>(token: symbol): T[];
}

/** Registers each of `extensions` under `point`. */
export function addExtensions<T extends Extension>(container: ExtensionContainer, point: ExtensionPoint<T>, extensions: readonly T[]): void {
  for (const extension of extensions) container.register(point, { useValue: extension });
}
