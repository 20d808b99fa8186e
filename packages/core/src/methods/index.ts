import { type ExtensionContainer, addExtensions } from '@otfuse/extension';
import { ALIGNMENT_METHOD, type AlignmentMethod } from './alignment-method';
import { OT_FUSION } from './ot-method';
import { VANILLA_FUSION } from './vanilla-method';
import { WEIGHT_MATCHING } from './weight-matching-method';

export { ALIGNMENT_METHOD, OT_FUSION, VANILLA_FUSION, WEIGHT_MATCHING };
export type { AlignmentArgs, AlignmentMethod, MethodProgress } from './alignment-method';
export { fuseByMethod } from './fuse-by-method';
export type { FuseByMethodArgs } from './fuse-by-method';

/** The built-in alignment methods, in the order reports show them. */
export const BUILTIN_ALIGNMENT_METHODS: readonly AlignmentMethod[] = [OT_FUSION, WEIGHT_MATCHING, VANILLA_FUSION];

/** Binds the built-in alignment methods in a dependency-injection container. */
export function register(container: ExtensionContainer): void {
  addExtensions(container, ALIGNMENT_METHOD, BUILTIN_ALIGNMENT_METHODS);
}
