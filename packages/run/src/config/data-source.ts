import { ConfigValues } from './schema';
import { resolveFrom } from './read-config-file';

/** Where examples come from: a registered data set, or a `.safetensors` file of inputs and labels. */
export type DatasetSource = { kind: 'registered'; id: string } | { kind: 'file'; path: string };

export interface DataSelection {
  source: DatasetSource;
  /** Key that named the data set (for messages). */
  sourceKey: string;
  trainSamples?: number;
  testSamples?: number;
  /** Absolute folder passed as the data set's `dir` parameter. */
  dir?: string;
  params: Record<string, unknown>;
}

/** A value naming a `.safetensors` file is a file of examples; anything else is a registered name. */
export function datasetSource(value: string, configDir: string): DatasetSource {
  return /\.safetensors$/i.test(value) ? { kind: 'file', path: resolveFrom(configDir, value) } : { kind: 'registered', id: value };
}

/** The data section (`data.*`) of a validated file. */
export function dataSelection(values: ConfigValues, configDir: string, datasetKey: string, section = 'data'): DataSelection {
  const dir = values.optional<string>(`${section}.dir`);
  return {
    source: datasetSource(values.get<string>(datasetKey), configDir),
    sourceKey: datasetKey,
    trainSamples: values.optional<number>(`${section}.train_samples`),
    testSamples: values.optional<number>(`${section}.test_samples`),
    dir: dir === undefined ? undefined : resolveFrom(configDir, dir),
    params: { ...(values.optional<Record<string, unknown>>(`${section}.params`) ?? {}) },
  };
}

/** The files and folders a data selection reads (an output folder must not be or contain them). */
export function dataInputPaths(data: DataSelection): string[] {
  const paths: string[] = [];
  if (data.source.kind === 'file') paths.push(data.source.path);
  if (data.dir) paths.push(data.dir);
  return paths;
}
