import { type Dataset, firstN } from '@otfuse/data';
import { TrainError } from './errors';

/** The examples an evaluation of `dataset` reads (its first `limit`, or all), once `batchSize` and `limit` are checked. */
export function evaluationExamples(caller: string, dataset: Dataset, batchSize: number, limit: number | undefined): Dataset {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new TrainError('INVALID_OPTION', `${caller}: batchSize must be a positive integer, got ${batchSize}`);
  }
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) {
    throw new TrainError('INVALID_OPTION', `${caller}: limit must be a non-negative integer, got ${limit}`);
  }
  return limit === undefined || limit >= dataset.size ? dataset : firstN(dataset, limit);
}
