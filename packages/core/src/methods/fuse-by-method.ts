import { Registry, resolveParameters } from '@otfuse/extension';
import { FusionError } from '../errors';
import { resolveFusionOptions } from '../engine/options';
import { FuseModelsArgs, FusionResult, prepareFusion } from '../fuse-models';
import { ALIGNMENT_METHOD } from './alignment-method';

export interface FuseByMethodArgs<Config> extends FuseModelsArgs<Config> {
  /** A registered alignment method's id (`ot`, `weight_matching`, `vanilla`, …). */
  method: string;
  /** The method's own parameters; validated against what it declares. */
  methodParams?: Readonly<Record<string, unknown>>;
}

/** Fuses models with the alignment method registered under `method` in the container. */
export function fuseByMethod<Config>(args: FuseByMethodArgs<Config>): FusionResult {
  const method = Registry.of(args.container, ALIGNMENT_METHOD).get(args.method);
  const params = resolveParameters(`alignment method '${method.id}'`, method.parameters, args.methodParams ?? {});
  if (args.models.length < 2) throw new FusionError('INCOMPATIBLE_MODELS', `fusion needs at least two models, got ${args.models.length}`);
  const options = args.setup?.options ?? resolveFusionOptions(args.options, args.models.length);
  const setup = args.setup ?? prepareFusion(args.architecture, args.models[options.anchor ?? args.models.length - 1].config, options, args.captureOptions);
  return method.fuse({ ...args, setup, params });
}
