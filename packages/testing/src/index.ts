// Public API of @otfuse/testing.
export { describeConformance } from './conformance';
export type { ConformanceFixture } from './conformance';
export { expectClose } from './matchers';
export type { CloseOptions } from './matchers';
export { seededFloats } from './random';
export { useTestBackend } from './test-backend';
export { GOLDEN_ROOT, goldenPath, readGoldenTensors, readGoldenJson, readHostFolder, readTensorFile } from './golden';
export { tensorsWeightMatchingMisses } from './weight-matching';
export { expectAnchorBack, expectAnchorOutputs, expectFolderRoundTrip, expectPermutedCopyBack, largestWeightDifference } from './model-matchers';
export type { HostModel } from './model-matchers';
