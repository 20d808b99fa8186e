import { ConfigJson, refuseConfig } from './config-refusal';

/** Refuses a `pruned_heads` that prunes anything: a graph declares whole heads. */
export function refusePrunedHeads(json: ConfigJson): void {
  const pruned = json.pruned_heads;
  if (pruned !== undefined && !(typeof pruned === 'object' && pruned !== null && Object.keys(pruned).length === 0)) {
    refuseConfig('pruned_heads', `pruned attention heads are not supported, got ${JSON.stringify(pruned)}`);
  }
}
