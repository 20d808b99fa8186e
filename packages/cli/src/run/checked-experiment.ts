import { FusionOptions, FusionSetup, prepareFusion, resolveFusionOptions } from '@otfuse/core';
import type { DependencyContainer } from 'tsyringe';
import { Experiment, loadExperiment } from '../config/experiment';
import { checkDataSelection } from '../data/open-splits';
import { LoadedParents, loadParents } from '../models/load-parents';
import { checkExtensions } from './check-extensions';

export interface CheckedExperiment {
  experiment: Experiment;
  fusionOptions: FusionOptions;
}

/** The experiment file, its fusion options, and the extensions and data it names, all checked. */
export function checkedExperiment(file: string, container: DependencyContainer): CheckedExperiment {
  const experiment = loadExperiment(file);
  const fusionOptions = resolveFusionOptions(experiment.fusion, experiment.models.length);
  checkExtensions(container, fusionOptions.solver, fusionOptions.groundMetric.type);
  checkDataSelection(container, experiment.data, experiment.file);
  return { experiment, fusionOptions };
}

/** Opens and checks the experiment's model folders (see `loadParents`). */
export function openParents({ experiment, fusionOptions }: CheckedExperiment, container: DependencyContainer): LoadedParents {
  return loadParents({
    container,
    folders: experiment.models,
    anchor: experiment.anchor,
    architectureId: experiment.architecture,
    graphOptions: { fuseGenerator: fusionOptions.fuseGenerator },
  });
}

/** The run's one fusion setup (options, the anchor's graph, the plan), for `fuse` and its dry run alike. */
export function fusionSetup({ experiment, fusionOptions }: CheckedExperiment, loaded: LoadedParents): FusionSetup {
  return prepareFusion(loaded.architecture, loaded.parents[experiment.anchor].config, fusionOptions);
}
