import { EncoderFamily } from '../family';
import { BERT } from './bert';
import { DISTILBERT } from './distilbert';
import { ROBERTA } from './roberta';
import { XLM_ROBERTA } from './xlm-roberta';

export { BERT, DISTILBERT, ROBERTA, XLM_ROBERTA };

/** Every encoder family this plugin registers, one architecture each. */
export const ENCODER_FAMILIES: readonly EncoderFamily[] = [BERT, ROBERTA, DISTILBERT, XLM_ROBERTA];
