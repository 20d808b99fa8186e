import { DATASET, Dataset, DatasetFactory, firstN, openDataset } from '@otfuse/data';
import { Registry } from '@otfuse/extension';
import type { DependencyContainer } from 'tsyringe';
import { ConfigError } from '../config/config-error';
import { DataSelection } from '../config/data-source';
import { suggestion } from '../config/suggest';
import { InputLayout } from './input-layout';

/** The id files of examples are read with. */
export const TENSORS_FILE_DATASET = 'tensors-file';

/** The parameter of a data set that reads inputs without labels. */
const INPUTS_ONLY = 'inputs_only';

export interface Splits {
  /** Train split (activations, finetuning, training), limited to `train_samples`. */
  train: Dataset;
  /** Test split (evaluation), limited to `test_samples`. */
  test: Dataset;
  /** What was opened, for the report. */
  description: { dataset: string; params: Record<string, unknown> };
}

/** The data part of a report: what was opened, its input layout and how many examples each split has. */
export function dataSummary(splits: Splits, layout: InputLayout) {
  return { ...splits.description, layout, trainExamples: splits.train.size, testExamples: splits.test.size };
}

/**
 * Opens the train and test splits through the container's data set registrations. The split,
 * the input layout (when the data set takes one and `params` does not set it) and `dir` are
 * filled in; a `.safetensors` file serves as both splits. With `inputsOnly` (a task without
 * labels), a data set that can read inputs alone (a file of tensors) is told to, unless
 * `params` says otherwise: such a file needs no labels.
 */
export async function openSplits(
  container: DependencyContainer,
  selection: DataSelection,
  layout: InputLayout,
  warn: (text: string) => void,
  inputsOnly = false,
): Promise<Splits> {
  const { plugin, accepted } = checkDataSelection(container, selection);
  const source = selection.source;
  const params: Record<string, unknown> = { ...selection.params };
  if (source.kind === 'file') params.path = source.path;
  if (accepted.has('layout') && !Object.hasOwn(params, 'layout')) params.layout = layout;
  if (inputsOnly && accepted.has(INPUTS_ONLY) && !Object.hasOwn(params, INPUTS_ONLY)) params[INPUTS_ONLY] = true;
  if (selection.dir !== undefined) params.dir = selection.dir;
  const open = (split: 'train' | 'test') => openDataset(plugin, accepted.has('split') ? { ...params, split } : params);
  const train = await open('train');
  const test = source.kind === 'file' ? train : await open('test');
  const limited = (dataset: Dataset, limit: number | undefined, key: string) => {
    if (limit === undefined || limit >= dataset.size) {
      if (limit !== undefined && limit > dataset.size) warn(`${key}: ${limit} requested but the ${dataset.split} split has ${dataset.size}; using all of them`);
      return dataset;
    }
    return firstN(dataset, limit);
  };
  const trainUsed = limited(train, selection.trainSamples, 'data.train_samples');
  const testUsed = limited(test, selection.testSamples, 'data.test_samples');
  return {
    train: trainUsed,
    test: testUsed,
    description: { dataset: plugin.id, params },
  };
}

/**
 * Checks the data section against the data set's registration before anything runs: the data
 * set exists, `data.params` names only its parameters (not `split`), `data.dir` is one of them.
 */
export function checkDataSelection(container: DependencyContainer, selection: DataSelection, file = 'config'): { plugin: DatasetFactory; accepted: Set<string> } {
  const plugin = datasetPlugin(container, selection.source.kind === 'file' ? TENSORS_FILE_DATASET : selection.source.id, `${file}: ${selection.sourceKey}`);
  const accepted = new Set(plugin.parameters.map((p) => p.name));
  const settable = [...accepted].filter((name) => name !== 'split' && !(selection.source.kind === 'file' && name === 'path'));
  const problems: string[] = [];
  for (const key of Object.keys(selection.params)) {
    if (key === 'split') problems.push('data.params.split: the split is chosen by otfuse (train for activations and training, test for evaluation); remove it');
    else if (!settable.includes(key)) problems.push(`data.params.${key}: data set '${plugin.id}' has no parameter '${key}'; ${suggestion(key, settable, 'parameters')}`);
  }
  if (selection.dir !== undefined && !accepted.has('dir')) problems.push(`data.dir: data set '${plugin.id}' reads no folder (its parameters: ${[...accepted].join(', ') || 'none'})`);
  if (problems.length) throw new ConfigError('INVALID_CONFIG', `${file}: invalid data section`, problems);
  return { plugin, accepted };
}

function datasetPlugin(container: DependencyContainer, id: string, key: string): DatasetFactory {
  const registry = Registry.of(container, DATASET);
  if (!registry.has(id)) {
    const ids = registry.ids().filter((d) => d !== TENSORS_FILE_DATASET);
    throw new ConfigError('UNKNOWN_ID', `${key}: no data set '${id}' (and it does not name a .safetensors file); ${suggestion(id, ids, 'data sets')}`);
  }
  return registry.get(id);
}
