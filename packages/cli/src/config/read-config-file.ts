import fs from 'node:fs';
import path from 'node:path';
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
    text = fs.readFileSync(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ConfigError('FILE_NOT_FOUND', `${file}: no such file`);
    if (code === 'EISDIR') throw new ConfigError('FILE_NOT_FOUND', `${file} is a folder; expected a YAML file`);
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
