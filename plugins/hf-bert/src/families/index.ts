import { EncoderFamily } from '../family';
import { BERT } from './bert';
import { DISTILBERT } from './distilbert';
import { ROBERTA } from './roberta';

export { BERT, DISTILBERT, ROBERTA };

/** Every encoder family this plugin registers, one architecture each. */
export const ENCODER_FAMILIES: readonly EncoderFamily[] = [BERT, ROBERTA, DISTILBERT];
