import { ConfigJson, refuseConfig } from './config-refusal';

/** True when a config is of `modelType` and its `architectures`, where it lists them, name `architecture`. */
export function isModelClass(json: ConfigJson, modelType: string, architecture?: string): boolean {
  const architectures = json.architectures;
  return json.model_type === modelType && (architecture === undefined || !Array.isArray(architectures) || architectures.includes(architecture));
}

/** Refuses another `model_type`, or an `architectures` list that does not name `architecture`. */
export function checkModelClass(json: ConfigJson, modelType: string, architecture?: string): void {
  if (json.model_type !== modelType) refuseConfig('model_type', `expected '${modelType}', got ${JSON.stringify(json.model_type)}`);
  const architectures = json.architectures;
  if (architecture !== undefined && architectures !== undefined && (!Array.isArray(architectures) || !architectures.includes(architecture))) {
    refuseConfig('architectures', `expected a list containing '${architecture}', got ${JSON.stringify(architectures)}`);
  }
}
