// Public API of @otfuse/train.
export { TrainError, type TrainErrorCode } from './errors';
export { type LogitsFunction, type Model, type ParamModel, checkedLogits, logitsOf, outputsOf, trainedVariables } from './model';
export { type LossFunction, crossEntropyPerExample, crossEntropyPerPosition, softmaxCrossEntropy } from './loss';
export {
  LABELS_READ,
  TASK,
  type BatchScoring,
  type ComparisonMetric,
  type EvaluationMetric,
  type FeatureTask,
  type LabelledTask,
  type PartAccuracy,
  type Task,
  type TaskData,
  type TaskLabels,
  type TaskMetric,
} from './tasks/task';
export { labelledTask } from './tasks/task-data';
export { crossEntropyScores } from './tasks/cross-entropy-scores';
export { type CrossEntropyDeclaration, crossEntropyTask } from './tasks/cross-entropy-task';
export { classification } from './tasks/classification';
export { tokenClassification } from './tasks/token-classification';
export { spanQa } from './tasks/span-qa';
export { maskedLm } from './tasks/masked-lm';
export { causalLm } from './tasks/causal-lm';
export { features } from './tasks/features';
export { TASKS, register } from './tasks/builtin-tasks';
export { type OptimizerOptions, createOptimizer, disposeOptimizer } from './optimizer';
export { batchTensors } from './batch-tensors';
export { BatchSchedule, type ScheduledBatch } from './batch-schedule';
export { MIN_STEPS_TO_COMPILE, type TrainEngine, type TrainHistory, type TrainOptions, type TrainProgress, train } from './train';
export { type EvaluateOptions, type EvaluationResult, evaluate, evaluationResult } from './evaluate';
export { type BatchScore, EvaluationScorer, type ForwardEngine, MIN_BATCHES_TO_COMPILE, scoreBatches } from './evaluation-scorer';
export { type CompareOptions, type OutputComparison, type OutputsFunction, compareOutputSets, compareOutputs } from './compare-outputs';
export { LinearCka } from './linear-cka';
export { computeFans, glorotUniform, heUniform, normal, zeros } from './init';
