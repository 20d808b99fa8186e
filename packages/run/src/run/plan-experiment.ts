import { describePlan } from '@otfuse/core';
import type { DependencyContainer } from 'tsyringe';
import { createContainer } from '../container';
import { checkedExperiment, fusionSetup, openParents } from './checked-experiment';

/**
 * `otfuse fuse --dry-run`: every check `fuse` makes before it starts working (the file, the
 * registered extensions, the data selection, every model against the alignment graph), then the
 * fusion plan as text. No activation is captured and nothing is written.
 */
export function planFuseExperiment(file: string, container: DependencyContainer = createContainer()): string {
  const checked = checkedExperiment(file, container);
  const { experiment, fusionOptions: options } = checked;
  const loaded = openParents(checked, container);
  try {
    const { architecture, parents } = loaded;
    const { plan } = fusionSetup(checked, loaded);
    const models = parents.map((p) => `  ${p.index}: ${p.dir}${p.index === experiment.anchor ? ' (anchor)' : ''}`);
    return [
      `architecture ${architecture.id}; ${options.mode === 'acts' ? 'activations' : 'weights'} + ${options.solver}; residual policy ${options.residualPolicy}`,
      'models:',
      ...models,
      `activations captured: ${plan.activationKeys.length ? plan.activationKeys.join(', ') : 'none'}`,
      `plan (${plan.steps.length} steps):`,
      describePlan(plan),
    ].join('\n');
  } finally {
    loaded.close();
  }
}
