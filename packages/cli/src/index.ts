// Public API of @otfuse/cli.
export { program } from './program';
export { runOtfusionMnist, formatTable, OTFUSION_MNIST_DEFAULTS } from './experiments/otfusion-mnist';
export type { OtfusionMnistOptions, ResultRow } from './experiments/otfusion-mnist';
