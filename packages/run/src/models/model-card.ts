import path from 'node:path';

/** The file a model card is: what the HuggingFace hub shows on a model's page. */
export const MODEL_CARD_FILE = 'README.md';

/** A table: a header row, then rows of as many cells. */
export interface CardTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/**
 * A model folder's `README.md`: the hub's metadata in YAML front matter, then how the model was
 * made and how well it does, in the spirit of the cards mergekit writes.
 */
export interface ModelCard {
  /** The models it was made from (`base_model`): hub ids, or folder names; none for a model trained from scratch. */
  readonly baseModels: readonly string[];
  /** The hub pipeline its task is (`image-classification`, `fill-mask`, …), when one fits. */
  readonly pipelineTag?: string;
  readonly title: string;
  /** Paragraphs: how the model was made. */
  readonly made: readonly string[];
  /** The settings that made it. */
  readonly settings?: CardTable;
  /** Paragraph before the scores (what was scored, on which data). */
  readonly scoresNote?: string;
  readonly scores?: CardTable;
}

/** The tags of every card: the hub lists otfuse's models and merges under them. */
const TAGS = ['otfuse', 'model-fusion'];

/** A YAML scalar: JSON's double-quoted strings are YAML too, so any folder name stays one string. */
const scalar = (text: string) => (/^[A-Za-z0-9][\w./-]*$/.test(text) ? text : JSON.stringify(text));

const list = (key: string, items: readonly string[]) => [`${key}:`, ...items.map((item) => `- ${scalar(item)}`)];

/** A Markdown table; pipes in cells are escaped so a name cannot break a row. */
function table({ header, rows }: CardTable): string {
  const row = (cells: readonly string[]) => `| ${cells.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [row(header), row(header.map(() => '---')), ...rows.map(row)].join('\n');
}

/** The card's text: front matter, title, how it was made, its settings and scores. */
export function modelCardText(card: ModelCard): string {
  const front = [
    '---',
    ...(card.baseModels.length ? list('base_model', card.baseModels) : []),
    'library_name: transformers',
    ...list('tags', TAGS),
    ...(card.pipelineTag ? [`pipeline_tag: ${scalar(card.pipelineTag)}`] : []),
    '---',
  ];
  const sections = [`# ${card.title}`, ...card.made];
  if (card.settings) sections.push('## Settings', table(card.settings));
  if (card.scores) sections.push('## Scores', ...(card.scoresNote ? [card.scoresNote] : []), table(card.scores));
  return `${front.join('\n')}\n\n${sections.join('\n\n')}\n`;
}

/** A hub id (`org/name`, or a legacy one-word id), as `_name_or_path` holds when a model came from the hub. */
const HUB_ID = /^[A-Za-z0-9][\w.-]*(\/[A-Za-z0-9][\w.-]*)?$/;

/** How a card names a parent: the hub id its config.json records, else its folder's name. */
export function baseModelName(dir: string, configJson: Readonly<Record<string, unknown>>): string {
  const recorded = configJson._name_or_path;
  return typeof recorded === 'string' && HUB_ID.test(recorded) ? recorded : path.basename(path.resolve(dir));
}
