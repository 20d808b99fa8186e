import { Json, bad } from './values';

/**
 * Class names by label index from `id2label` (keys exactly "0" … "n-1"), else `LABEL_<i>` for
 * `num_labels` labels (HuggingFace's default is 2); a `num_labels` that disagrees is an error.
 */
export function readLabelNames(json: Json): string[] {
  const { id2label, num_labels: numLabels, label2id } = json;
  if (label2id !== undefined && (typeof label2id !== 'object' || label2id === null)) {
    bad('label2id', `expected an object {name: id, …}, got ${JSON.stringify(label2id)}`);
  }
  if (numLabels !== undefined && (!Number.isInteger(numLabels) || (numLabels as number) <= 0)) {
    bad('num_labels', `expected a positive integer, got ${JSON.stringify(numLabels)}`);
  }
  if (id2label === undefined) return Array.from({ length: (numLabels as number | undefined) ?? 2 }, (_, i) => `LABEL_${i}`);
  if (typeof id2label !== 'object' || id2label === null || Array.isArray(id2label)) {
    bad('id2label', `expected an object {"0": name, …}, got ${JSON.stringify(id2label)}`);
  }
  const entries = Object.entries(id2label as Record<string, unknown>);
  if (entries.length === 0) bad('id2label', 'names no labels; a classifier needs at least one');
  const names = new Array<string>(entries.length);
  for (const [id, name] of entries) {
    const index = Number(id);
    if (!/^(0|[1-9]\d*)$/.test(id) || index >= entries.length) bad(`id2label.${id}`, `expected label ids 0 … ${entries.length - 1}, got ${JSON.stringify(id)}`);
    if (typeof name !== 'string') bad(`id2label.${id}`, `expected a label name, got ${JSON.stringify(name)}`);
    names[index] = name;
  }
  if (numLabels !== undefined && numLabels !== names.length) bad('num_labels', `${numLabels} disagrees with id2label, which names ${names.length} labels`);
  return names;
}

/** `id2label` and `label2id` as HuggingFace writes them. */
export function labelsJson(names: readonly string[]): { id2label: Record<string, string>; label2id: Record<string, number> } {
  return {
    id2label: Object.fromEntries(names.map((label, i) => [String(i), label])),
    label2id: Object.fromEntries(names.map((label, i) => [label, i])),
  };
}
