// The architecture plugins a run knows (`createContainer`, and so the otfuse CLI), each registered
// through its `register(container)`. `npx nx g @otfuse/tools:plugin <name>` rewrites this list
// (and the run package's package.json dependencies) when it creates plugins/<name>; an entry may
// also be added or removed by hand, one import and one line each.
import { register as registerGenericMlp } from '@otfuse/generic-mlp';
import { register as registerHfVit } from '@otfuse/hf-vit';
import { register as registerHfBert } from '@otfuse/hf-bert';
import { register as registerConvnet } from '@otfuse/convnet';
import { register as registerHfGpt2 } from '@otfuse/hf-gpt2';
import { register as registerHfLlama } from '@otfuse/hf-llama';
import type { DependencyContainer } from 'tsyringe';

export interface BuiltInPlugin {
  /** The plugin's package folder (`plugins/<id>`, published as `@otfuse/<id>`). */
  id: string;
  register(container: DependencyContainer): void;
}

export const PLUGINS: readonly BuiltInPlugin[] = [
  { id: 'generic-mlp', register: registerGenericMlp },
  { id: 'hf-vit', register: registerHfVit },
  { id: 'hf-bert', register: registerHfBert },
  { id: 'convnet', register: registerConvnet },
  { id: 'hf-gpt2', register: registerHfGpt2 },
  { id: 'hf-llama', register: registerHfLlama },
];
