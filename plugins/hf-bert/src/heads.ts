import { EncoderFamily, HeadSpec } from './family';
import { BERT } from './families/bert';

export type { HeadSpec as BertHeadSpec, OutputLayer as BertOutputLayer } from './family';

/** The BERT classes this plugin reads and writes, as data: what each head adds to the encoder (see `HeadSpec`). */
export const BERT_HEADS = BERT.heads;
export type BertHead = keyof typeof BERT_HEADS;

/** The spec of a config's head. */
export const headSpec = (family: EncoderFamily, config: { head: string }): HeadSpec => family.heads[config.head];

/** The spec of a BERT config's head. */
export const bertHead = (config: { head: string }): HeadSpec => headSpec(BERT, config);

/** A base model (a family's `base` head, e.g. `BertModel`) is saved without its task models' prefix (`bert.`). */
export const storedPrefix = (family: EncoderFamily, config: { head: string }): string | undefined => (config.head === 'base' ? family.prefix : undefined);
