import type { NodeKind } from '../graph/node-kind';
import { ATTENTION } from './attention';
import { EMBEDDING } from './embedding';
import { LINEAR } from './linear';
import { NORM } from './norm';
import { RESIDUAL } from './residual';
import { TIE } from './tie';

export { ATTENTION, EMBEDDING, LINEAR, NORM, RESIDUAL, TIE };

/** The kinds every graph may use without registering them. */
export const BUILTIN_NODE_KINDS: readonly NodeKind[] = [LINEAR, NORM, EMBEDDING, ATTENTION, RESIDUAL, TIE] as unknown as NodeKind[];
