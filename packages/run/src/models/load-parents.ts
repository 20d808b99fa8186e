import { ARCHITECTURE, ArchitecturePlugin, FusionError, GraphOptions, checkModelAgainstGraph, formatShape, shapeTable } from '@otfuse/core';
import { Registry } from '@otfuse/extension';
import { ModelFolderError, TensorReader, readModelFolder } from '@otfuse/io';
import type { DependencyContainer } from 'tsyringe';
import { ConfigError } from '../config/config-error';
import { warnOnStderr } from '../progress';
import { readInLayout } from './checkpoint-layout';
import { CheckpointWeights } from './checkpoint-weights';
import { architectureById, detectArchitecture } from './resolve-architecture';
import { unusedTensors, unusedTensorsNotice } from './unused-tensors';

/** One model folder, opened and checked. */
export interface Parent {
  index: number;
  dir: string;
  /** `config.json` exactly as read. */
  configJson: Record<string, unknown>;
  /** The plugin's typed config. */
  config: unknown;
  weights: CheckpointWeights;
}

export interface LoadedParents {
  architecture: ArchitecturePlugin;
  parents: Parent[];
  close(): void;
}

export interface LoadParentsArgs {
  container: DependencyContainer;
  folders: readonly string[];
  anchor: number;
  /** `model.type`; undefined: detect from the anchor's config.json. */
  architectureId?: string;
  graphOptions: GraphOptions;
  /** Where notes go (the tensors of a checkpoint left out); default: stderr, as `warning: <text>`. */
  warn?: (text: string) => void;
}

/**
 * Opens every model folder and checks, before any work is done (reading headers and configs
 * only, then every tensor once for NaN and infinity): one architecture for all, configs the
 * architecture can fuse together (its `incompatibility`: depth, heads, vocabulary, …), each
 * model's weights against its own config.json (the same tensors and shapes the plugin's `init`
 * builds from it, and a valid alignment graph), and the same parameter names as the anchor.
 * A checkpoint is read in the architecture's `checkpointLayout` (a base model's tensors stored
 * without its prefix, ties stored twice: `checkpoint-layout.ts`). Buffers a checkpoint stores but
 * no model learns (see `unused-tensors.ts`) are left out, and named once through `warn`.
 */
export function loadParents(args: LoadParentsArgs): LoadedParents {
  const opened: TensorReader[] = [];
  const close = () => opened.forEach((reader) => reader.close());
  const warn = args.warn ?? warnOnStderr;
  try {
    const folders = args.folders.map((dir, index) => {
      const folder = namingTheModel(index, () => readModelFolder(dir));
      opened.push(folder.weights);
      return folder;
    });
    const anchorFolder = folders[args.anchor];
    const anchorWhere = `model.name_${args.anchor} (${anchorFolder.dir})`;
    const architecture = args.architectureId
      ? architectureById(args.container, args.architectureId, 'model.type')
      : detectArchitecture(args.container, anchorFolder.config, anchorWhere);
    const configs = folders.map((folder, index) => {
      const where = `model.name_${index} (${folder.dir})`;
      if (!architecture.detect(folder.config)) {
        const other = Registry.of(args.container, ARCHITECTURE).list().find((p) => p.detect(folder.config));
        const found = other ? `'${other.id}'` : 'none registered';
        if (args.architectureId) throw new ConfigError('INCOMPATIBLE_MODELS', `${where}: config.json is not a '${architecture.id}' model (model.type) (it is ${found}); all models must have one architecture`);
        throw new ConfigError('INCOMPATIBLE_MODELS', `${where} and the anchor ${anchorWhere} cannot be fused together: other architecture: ${found} vs '${architecture.id}'`);
      }
      return withinModel(where, () => architecture.normalizeConfig(folder.config));
    });
    checkFusable(architecture, configs, folders, args.anchor);
    const parents = folders.map((folder, index): Parent => {
      const where = `model.name_${index} (${folder.dir})`;
      const config = configs[index];
      const layout = architecture.checkpointLayout?.(config) ?? {};
      const stored = readInLayout(new CheckpointWeights(folder.weights), layout, architecture.parameterShapes(config), where);
      const leftOut = checkAgainstConfig(architecture, config, stored, where);
      if (leftOut.length) warn(unusedTensorsNotice(folder.dir, leftOut));
      const weights = stored.without(leftOut);
      withinModel(where, () => checkModelAgainstGraph(architecture.graph(config, args.graphOptions), shapeTable(weights), 'weights'));
      return { index, dir: folder.dir, configJson: folder.config, config, weights };
    });
    checkSameParameters(parents, args.anchor);
    for (const parent of parents) parent.weights.checkFinite();
    return { architecture, parents, close };
  } catch (error) {
    close();
    throw error;
  }
}

/** Every model's config against the anchor's, by the architecture's own rule of what may differ. */
function checkFusable(architecture: ArchitecturePlugin, configs: readonly unknown[], folders: readonly { dir: string }[], anchor: number): void {
  if (!architecture.incompatibility) return;
  for (const [index, config] of configs.entries()) {
    if (index === anchor) continue;
    const difference = architecture.incompatibility(config, configs[anchor]);
    if (difference !== undefined) {
      throw new ConfigError(
        'INCOMPATIBLE_MODELS',
        `model.name_${index} (${folders[index].dir}) and the anchor model.name_${anchor} (${folders[anchor].dir}) cannot be fused together: ${difference}`,
      );
    }
  }
}

function withinModel<T>(where: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof FusionError) throw error.within(where);
    throw error;
  }
}

/**
 * The weights hold exactly the tensors, of exactly the shapes, that config.json describes (the
 * plugin's `parameterShapes`), and perhaps buffers no model learns: those are returned, to leave out.
 */
function checkAgainstConfig(architecture: ArchitecturePlugin, config: unknown, weights: CheckpointWeights, where: string): string[] {
  const expected = architecture.parameterShapes(config);
  const present = new Set(weights.names());
  for (const [name, expectedShape] of expected) {
    if (!present.has(name)) throw new ConfigError('INCOMPATIBLE_MODELS', `${where}: config.json describes a tensor '${name}' ${formatShape(expectedShape)} that the weights lack`);
    const shape = weights.shape(name);
    if (formatShape(shape) !== formatShape(expectedShape)) {
      throw new ConfigError('INCOMPATIBLE_MODELS', `${where}: tensor '${name}' is ${formatShape(shape)} but config.json describes ${formatShape(expectedShape)}`);
    }
  }
  const extra = [...present].filter((name) => !expected.has(name));
  const unused = unusedTensors(extra, architecture);
  const unknown = extra.filter((name) => !unused.includes(name));
  if (unknown.length) throw new ConfigError('INCOMPATIBLE_MODELS', `${where}: the weights hold tensors config.json does not describe: ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ', …' : ''}`);
  return unused;
}

function checkSameParameters(parents: readonly Parent[], anchor: number): void {
  const expected = new Set(parents[anchor].weights.names());
  for (const parent of parents) {
    const names = new Set(parent.weights.names());
    const missing = [...expected].filter((n) => !names.has(n));
    const extra = [...names].filter((n) => !expected.has(n));
    if (missing.length || extra.length) {
      const list = (items: string[]) => (items.length ? items.slice(0, 5).join(', ') + (items.length > 5 ? `, … (${items.length})` : '') : 'none');
      throw new ConfigError(
        'INCOMPATIBLE_MODELS',
        `model.name_${parent.index} (${parent.dir}): its parameters differ from the anchor's (model.name_${anchor}): missing ${list(missing)}; extra ${list(extra)}`,
      );
    }
  }
}

/** A folder that is missing or not a model names the experiment key it came from. */
function namingTheModel<T>(index: number, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ModelFolderError && error.code === 'MF_NOT_A_FOLDER') {
      throw new ModelFolderError('MF_NOT_A_FOLDER', `model.name_${index}: ${error.message}`, error.dir);
    }
    throw error;
  }
}
