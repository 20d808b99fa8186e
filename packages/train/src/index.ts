// Public API of @otfuse/train.
export { TrainError, type TrainErrorCode } from './errors';
export { type LogitsFunction, type Model, type ParamModel, logitsOf, trainedVariables } from './model';
export { type LossFunction, crossEntropyPerExample, crossEntropyPerPosition, softmaxCrossEntropy } from './loss';
export { type Task, taskOf } from './task';
export { type OptimizerOptions, createOptimizer, disposeOptimizer } from './optimizer';
export { batchTensors } from './batch-tensors';
export { BatchSchedule, type ScheduledBatch } from './batch-schedule';
export { MIN_STEPS_TO_COMPILE, type TrainEngine, type TrainHistory, type TrainOptions, type TrainProgress, train } from './train';
export { type EvaluateOptions, type EvaluationResult, evaluate, evaluationResult } from './evaluate';
export { type BatchScore, EvaluationScorer, type ForwardEngine, MIN_BATCHES_TO_COMPILE, scoreBatches } from './evaluation-scorer';
export { computeFans, glorotUniform, heUniform, normal, zeros } from './init';
