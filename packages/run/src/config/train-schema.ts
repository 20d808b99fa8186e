import { DATA_KEYS } from './experiment-schema';
import { ONNX_OUTPUT_KEYS } from './onnx-output';
import { Schema, types } from './schema';

/** Every key of a training file (`otfuse train`). Validation and the README come from this. */
export const TRAIN_SCHEMA: Schema = [
  { key: 'model', type: 'section', required: true, origin: 'otfuse', description: 'The model to train.' },
  {
    key: 'model.type',
    type: types.string,
    required: true,
    origin: 'otfuse',
    description: 'Architecture plugin id (`generic-mlp`, `hf-vit`, …; underscores read as hyphens).',
  },
  {
    key: 'model.config',
    type: types.freeMapping,
    required: true,
    origin: 'otfuse',
    description: "The model's `config.json` fields, checked by the plugin, e.g. `{ model_type: otfuse-mlp, input_size: 784, hidden_sizes: [64], num_labels: 10 }`.",
  },
  {
    key: 'model.init_from',
    type: types.string,
    origin: 'otfuse',
    description:
      "A model folder (relative to this file's folder) whose tensors start the training wherever the new model has a tensor of the same name and shape; the others are initialised from `train.seed` (e.g. a masked-LM BERT finetuned for classification: its encoder is kept, the pooler and classifier are new).",
  },

  { key: 'data', type: 'section', required: true, origin: 'otfuse', description: 'Training and test examples.' },
  {
    key: 'data.dataset',
    type: types.string,
    required: true,
    origin: 'otfuse',
    description: "A registered data set (`mnist`, `fashion-mnist`, `cifar10`, …) or a `.safetensors` file (relative to this file's folder) used for both splits.",
  },
  ...DATA_KEYS('data'),

  { key: 'train', type: 'section', origin: 'otfuse', description: 'The training run.' },
  { key: 'train.seed', type: types.integer(), default: 0, origin: 'otfuse', description: 'Seeds the initial weights and the batch order.' },
  { key: 'train.epochs', type: types.integer(1), origin: 'otfuse', description: 'Passes over the train split (give `epochs` or `steps`; default: 1 epoch).' },
  { key: 'train.steps', type: types.integer(1), origin: 'otfuse', description: 'Optimizer steps instead of epochs.' },
  { key: 'train.batch_size', type: types.integer(1), default: 32, origin: 'otfuse', description: 'Examples per step.' },
  { key: 'train.lr', type: types.number({ greaterThan: 0 }), default: 0.001, origin: 'otfuse', description: 'Learning rate.' },
  { key: 'train.optimizer', type: types.oneOf(['adam', 'sgd']), default: 'adam', origin: 'otfuse', description: 'Optimizer.' },
  { key: 'train.momentum', type: types.number({ min: 0, below: 1 }), origin: 'otfuse', description: "Momentum of `sgd` (not accepted with `adam`)." },
  { key: 'train.weight_decay', type: types.number({ min: 0 }), default: 0, origin: 'otfuse', description: 'Decoupled weight decay (AdamW-style).' },

  { key: 'eval', type: 'section', origin: 'otfuse', description: 'Evaluation.' },
  { key: 'eval.batch_size', type: types.integer(1), default: 64, origin: 'otfuse', description: 'Examples per forward pass (evaluation). Memory grows with it. Unset, the default is lowered to the largest batch whose forward pass the probe predicts fits in the WebAssembly heap and takes at most 512 MiB beyond the model (`training.json` says which and why); a value set here whose forward pass cannot fit is refused before training starts.' },

  { key: 'output', type: 'section', optionalSection: true, origin: 'otfuse', description: 'Where the model goes.' },
  { key: 'output.dir', type: types.string, origin: 'otfuse', description: "Output folder, relative to this file's folder; `--out` overrides it." },
  ...ONNX_OUTPUT_KEYS,
];
