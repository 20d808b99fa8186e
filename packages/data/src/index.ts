// Public API of @otfuse/data.
export { DataError, type DataErrorCode } from './errors';
export { type Batch, type Dataset, type PixelNormalization, type Split, IGNORE_LABEL, checkIndices, getAll, inputLength, labelLength } from './dataset';
export { ArrayDataset, type ArrayDatasetInit, type InputRows } from './array-dataset';
export { GrayscaleImageDataset, type GrayscaleImages, type ImageLayout, type ImageOptions } from './image-dataset';
export { parseIdx, readIdxFile, type IdxArray } from './idx';
export { loadMnist, mnistDataDir, readMnistImages, type MnistOptions } from './mnist';
export {
  FASHION_MNIST_CLASSES,
  FASHION_MNIST_SPLIT,
  fashionMnistDataDir,
  loadFashionMnist,
  readFashionClassFile,
  readFashionMnistImages,
  type FashionMnistOptions,
} from './fashion-mnist';
export { CIFAR10_MEAN, CIFAR10_STD, Cifar10Dataset, loadCifar10, type Cifar10Normalization, type Cifar10Options } from './cifar10';
export {
  CIFAR10_CLASSES,
  CIFAR10_IMAGE_SIZE,
  CIFAR10_NESTED_FOLDER,
  CIFAR10_PIXEL_BYTES,
  CIFAR10_RECORD_BYTES,
  cifar10BatchFiles,
  cifar10SplitFiles,
  countCifar10Records,
  readCifar10Batch,
  readCifar10ClassNames,
  resolveCifar10Folder,
  type Cifar10Batch,
} from './cifar10-files';
export { firstN, select, shuffled, subset } from './views';
export { withNumClasses } from './class-count';
export { batchCount, batches, type BatchOptions, type IndexedBatch } from './batches';
export { DATASET, openDataset, type DatasetFactory } from './registry';
export { loadTensorsFile, DEFAULT_INPUT_TENSORS, type TensorsFileOptions } from './tensors-file';
export { DATASETS, cifar10Factory, fashionMnistFactory, mnistFactory, register, tensorsFileFactory } from './factories';
export { BERT_SPECIAL_TOKENS, BERT_TOKENIZER_FILE_NAMES, bertTokenizerFiles, tokenizerConfigJson, tokenizerJson, type TokenizerFiles } from './text/tokenizer-files';
export { WordPieceTokenizer, type EncodedSequence } from './text/wordpiece';
export { bertBaseUncasedPieces, buildVocabulary } from './text/vocabulary';
export { maskSequence, type MaskedSequence, type MaskingOptions } from './text/masking';
export { MASK_SEED_STRIDE, TextDataset, type TextDatasetInit, type TextTask } from './text/text-dataset';
export { documentSplit, passages } from './text/passages';
export { CORPUS_DEFAULTS, corpusTokenizer, corpusVocabulary, readVocabFile, splitPassages, type CorpusOptions, type TextCorpus } from './text/corpus';
export { corpusParameters, type CorpusWords } from './text/corpus-parameters';
export { sotuAddresses, sotuDataDir, type SotuAddress } from './text/sotu';
export {
  SOTU_DEFAULTS,
  SOTU_PARTIES,
  loadSotuCausalLm,
  loadSotuMaskedLm,
  loadSotuParty,
  SOTU_CORPUS,
  sotuVocabulary,
  type SotuMaskedLmOptions,
  type SotuOptions,
} from './text/sotu-datasets';
export { sotuCausalLmFactory, sotuFactories, sotuMaskedLmFactory, sotuPartyFactory } from './text/sotu-factories';
export { mobyDickDataDir, mobyDickParts, type MobyDickPart } from './text/moby-dick';
export { MOBY_DICK_CORPUS, loadMobyDickCausalLm, mobyDickCausalLmFactory } from './text/moby-dick-datasets';
