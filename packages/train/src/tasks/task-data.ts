import { TrainError } from '../errors';
import { LABELS_READ, type LabelledTask, type Task, type TaskData } from './task';

const shapeText = (shape: readonly (number | string)[]) => `[${shape.join(', ')}]`;

/** Whether a data set's label shape has the task's sizes (a named size takes any positive size). */
function fits(expected: readonly (number | string)[], labelShape: readonly number[]): boolean {
  return labelShape.length === expected.length && expected.every((dim, i) => (typeof dim === 'string' ? labelShape[i] >= 1 : labelShape[i] === dim));
}

/**
 * `task` as a task with labels whose shape `data` has, checked before anything runs;
 * `action` (`train`, `evaluate`, …) is what the message says cannot be done without labels.
 */
export function labelledTask(task: Task, data: TaskData, action: string): LabelledTask {
  if (task.labels === 'none') {
    throw new TrainError('NO_LABELS', `task '${task.id}' reads no labels: there is nothing to ${action} on ${data.name} (${data.split}); compare its outputs with a reference model's (compareOutputs)`);
  }
  const labelShape = data.labelShape ?? [];
  if (!fits(task.labelShape, labelShape)) {
    throw new TrainError(
      'LABEL_SHAPE_MISMATCH',
      `${data.name} (${data.split}) has labels ${shapeText(labelShape)} per example; task '${task.id}' expects ${shapeText(task.labelShape)} (${LABELS_READ[task.labels]})`,
    );
  }
  return task;
}
