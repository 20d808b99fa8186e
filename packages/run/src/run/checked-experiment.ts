import { FusionOptions, FusionSetup, prepareFusion, resolveFusionOptions } from '@otfuse/core';
import type { DependencyContainer } from 'tsyringe';
import { Experiment, loadExperiment } from '../config/experiment';
import { checkDataSelection } from '../data/open-splits';
import { LoadedParents, loadParents } from '../models/load-parents';
import { architectureById } from '../models/resolve-architecture';
import { checkBnReset } from './bn-reset-stage';
import { asConfigError, checkExtensions, checkMethods } from './check-extensions';

export interface CheckedExperiment {
  experiment: Experiment;
  fusionOptions: FusionOptions;
}

/** The experiment file, its fusion options, and the extensions and data it names, all checked. */
export function checkedExperiment(file: string, container: DependencyContainer): CheckedExperiment {
  const experiment = loadExperiment(file);
  const fusionOptions = checkExtensions(container, resolveFusionOptions(experiment.fusion, experiment.models.length), experiment.file);
  checkMethods(container, experiment.methods, experiment.file);
  checkDataSelection(container, experiment.data, experiment.file);
  if (experiment.architecture !== undefined) architectureById(container, experiment.architecture, `${experiment.file}: model.type`);
  return { experiment, fusionOptions };
}

/** Opens and checks the experiment's model folders (see `loadParents`); `warn` names the tensors left out. */
export function openParents({ experiment, fusionOptions }: CheckedExperiment, container: DependencyContainer, warn?: (text: string) => void): LoadedParents {
  return loadParents({
    container,
    folders: experiment.models,
    anchor: experiment.anchor,
    architectureId: experiment.architecture,
    graphOptions: { fuseGenerator: fusionOptions.fuseGenerator },
    warn,
  });
}

/**
 * The run's one fusion setup (options, capture parameters, the anchor's graph, the plan), for
 * `fuse` and its dry run alike. A capture parameter the architecture does not declare, or a bad
 * value, is a ConfigError naming its `fusion.acts` key and the architecture; so is a
 * `fusion.bn_reset` the architecture cannot do.
 */
export function fusionSetup({ experiment, fusionOptions }: CheckedExperiment, loaded: LoadedParents): FusionSetup {
  checkBnReset(experiment.bnReset, loaded.architecture);
  const paperKeys = ['seq_filter', 'pre_relu'];
  return asConfigError(
    () => prepareFusion(loaded.architecture, loaded.parents[experiment.anchor].config, fusionOptions, experiment.capture),
    (name) => (paperKeys.includes(name) ? `fusion.acts.${name}` : `fusion.acts.capture.${name}`),
    experiment.file,
  );
}
