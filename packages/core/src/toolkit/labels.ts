import { ConfigJson, refuseConfig } from './config-refusal';

/**
 * Class names by label index from `id2label` (keys exactly "0" … "n-1"), else `LABEL_<i>` for
 * `num_labels` labels (HuggingFace's default is 2). A `num_labels` that disagrees with
 * `id2label`, or a `label2id` that is not an object, is refused.
 */
export function readLabelNames(json: ConfigJson): string[] {
  const { id2label, label2id } = json;
  const numLabels = json.num_labels ?? undefined;
  if (label2id !== undefined && (typeof label2id !== 'object' || label2id === null)) {
    refuseConfig('label2id', `expected an object {name: id, …}, got ${JSON.stringify(label2id)}`);
  }
  if (numLabels !== undefined && (!Number.isInteger(numLabels) || (numLabels as number) <= 0)) {
    refuseConfig('num_labels', `expected a positive integer, got ${JSON.stringify(numLabels)}`);
  }
  if (id2label === undefined || id2label === null) return Array.from({ length: (numLabels as number | undefined) ?? 2 }, (_, i) => `LABEL_${i}`);
  if (typeof id2label !== 'object' || Array.isArray(id2label)) refuseConfig('id2label', `expected an object {"0": name, …}, got ${JSON.stringify(id2label)}`);
  const entries = Object.entries(id2label as Record<string, unknown>);
  if (entries.length === 0) refuseConfig('id2label', 'expected at least one label');
  const names = new Array<string>(entries.length);
  for (const [id, label] of entries) {
    if (!/^(0|[1-9]\d*)$/.test(id) || Number(id) >= entries.length) refuseConfig(`id2label.${id}`, `expected label ids 0 … ${entries.length - 1}, got "${id}"`);
    if (typeof label !== 'string') refuseConfig(`id2label.${id}`, `expected a label name, got ${JSON.stringify(label)}`);
    names[Number(id)] = label;
  }
  if (numLabels !== undefined && numLabels !== names.length) refuseConfig('num_labels', `${numLabels} disagrees with id2label, which names ${names.length} labels`);
  return names;
}

/** `id2label` and `label2id` as HuggingFace writes them. */
export function labelsJson(names: readonly string[]): { id2label: Record<string, string>; label2id: Record<string, number> } {
  return {
    id2label: Object.fromEntries(names.map((label, i) => [String(i), label])),
    label2id: Object.fromEntries(names.map((label, i) => [label, i])),
  };
}
