// Alignment by permutation: applying feature orders to a model, and finding them by weight matching.
export { applyFeatureOrders } from './apply-orders';
export { matchWeights, DEFAULT_MAX_ITERATIONS } from './weight-matching';
export type { WeightMatchingOptions, WeightMatchingProgress, WeightMatchingResult } from './weight-matching';
