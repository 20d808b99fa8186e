import { extensionPoint } from '@otfuse/extension';
import type { ArchitecturePlugin } from '../architecture';

/**
 * Where architecture plugins bind themselves in their `register(container)`. OT solvers, ground
 * metrics and data sets have theirs in the packages that define them (`OT_SOLVER` and
 * `GROUND_METRIC` in @otfuse/ot, `DATASET` in @otfuse/data).
 */
export const ARCHITECTURE = extensionPoint<ArchitecturePlugin>('architecture');
