import { EncoderArchitecture } from './architecture';
import { BERT, DISTILBERT, ROBERTA, XLM_ROBERTA } from './families';

// The files of a WordPiece tokenizer folder, as otfuse's text data sets (sotu-mlm, …) give them:
// a model trained on one keeps those of them its architecture declares, and a data set's `dir`
// reads the vocab.txt back.
const WORDPIECE_FILES = ['vocab.txt', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json'];

describe('the tokenizer files an encoder carries', () => {
  it.each([BERT, ROBERTA, XLM_ROBERTA, DISTILBERT].map((family) => [family.name, family] as const))(
    '%s keeps every file of the WordPiece tokenizer otfuse trains it with, vocab.txt included',
    (_, family) => {
      expect(new EncoderArchitecture(family).sideFiles).toEqual(expect.arrayContaining(WORDPIECE_FILES));
    },
  );

  it("RoBERTa keeps its own BPE tokenizer's files too", () => {
    expect(new EncoderArchitecture(ROBERTA).sideFiles).toEqual(expect.arrayContaining(['vocab.json', 'merges.txt', 'tokenizer.json']));
  });
});
