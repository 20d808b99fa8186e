// Public API of @otfuse/extension: what every registrable part of otfuse shares.
export { ExtensionError, type ExtensionErrorCode } from './errors';
export {
  parameterTypeLabel,
  showValue,
  type ParameterSpec,
  type ParameterValue,
  type ParameterValues,
  type NumberParameter,
  type StringParameter,
  type EnumParameter,
  type BooleanParameter,
} from './parameter-spec';
export { resolveParameters, accepts } from './resolve-parameters';
export { addExtensions, extensionPoint, nounOf, type Extension, type ExtensionContainer, type ExtensionPoint } from './extension';
export { Registry } from './registry';
export { SeededRandom, permutation, toRandom, type RandomState, type SeedOrRandom } from './seeded-random';
