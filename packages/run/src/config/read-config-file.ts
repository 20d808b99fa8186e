import path from 'node:path';
import { readInputText } from '@otfuse/io';
import { ConfigError } from './config-error';
import { ConfigValues, Schema, validateConfig } from './schema';
import { parseYaml } from './yaml';

export interface LoadedConfig {
  /** Absolute path of the file. */
  file: string;
  /** Its folder: relative paths in the file are resolved from here. */
  dir: string;
  /** The file as parsed (reported as it was written). */
  raw: Record<string, unknown>;
  values: ConfigValues;
}

/** Reads, parses and validates a YAML config file against a schema. */
export function readConfigFile(file: string, schema: Schema): LoadedConfig {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = readInputText(file, 'a YAML file');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new ConfigError('FILE_NOT_FOUND', `${file}: no such file`);
    throw error;
  }
  const raw = parseYaml(text, file);
  const values = validateConfig(raw, schema, file);
  return { file: absolute, dir: path.dirname(absolute), raw: raw as Record<string, unknown>, values };
}

/** Paths written in a config file are relative to the file's folder. */
export function resolveFrom(dir: string, target: string): string {
  return path.resolve(dir, target);
}
