import { ARCHITECTURE, ArchitecturePlugin } from '@otfuse/core';
import { Registry } from '@otfuse/extension';
import type { DependencyContainer } from 'tsyringe';
import { ConfigError } from '../config/config-error';
import { suggestion } from '../config/suggest';

/** The plugin registered under `id`; the paper's spelling with underscores (`hf_vit`) reads as `hf-vit`. */
export function architectureById(container: DependencyContainer, id: string, key: string): ArchitecturePlugin {
  const all = Registry.of(container, ARCHITECTURE).list();
  const found = all.find((p) => p.id === id) ?? all.find((p) => p.id === id.replace(/_/g, '-'));
  if (!found) {
    const ids = all.map((p) => p.id);
    throw new ConfigError('UNKNOWN_ID', `${key}: no architecture '${id}'; ${suggestion(id.replace(/_/g, '-'), ids, 'architectures')}`);
  }
  return found;
}

/** The one registered plugin whose `detect` accepts this `config.json`. */
export function detectArchitecture(container: DependencyContainer, configJson: Readonly<Record<string, unknown>>, where: string): ArchitecturePlugin {
  const all = Registry.of(container, ARCHITECTURE).list();
  const matching = all.filter((p) => p.detect(configJson));
  if (matching.length === 1) return matching[0];
  const ids = all.map((p) => p.id).join(', ');
  if (matching.length === 0) {
    const type = configJson.model_type === undefined ? 'no model_type' : `model_type ${JSON.stringify(configJson.model_type)}`;
    throw new ConfigError('UNKNOWN_ID', `${where}: no registered architecture recognises this config.json (${type}); registered: ${ids}. Set model.type to choose one.`);
  }
  throw new ConfigError('UNKNOWN_ID', `${where}: several architectures recognise this config.json (${matching.map((p) => p.id).join(', ')}); set model.type to choose one`);
}
