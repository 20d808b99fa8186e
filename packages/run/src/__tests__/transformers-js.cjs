// Loads a model folder with transformers.js, offline, and prints what it computes as one JSON line:
// `node transformers-js.cjs '<request JSON>'`. A child process because transformers.js and its
// onnxruntime-node run as they do for users there, outside jest's module sandbox.
// Requests: { dir, dtype?, image: { pixels (0…255), width, height, channels } } classifies an
// image; { dir, dtype?, texts, task: 'text-classification' | 'fill-mask' } classifies or fills
// texts. Each answer holds the pipeline's output and the model's logits from `AutoModel…`.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a plain CommonJS script, run by node without a build */
const transformers = require('@huggingface/transformers');

const { env, pipeline, RawImage, AutoModelForImageClassification, AutoModelForSequenceClassification, AutoModelForMaskedLM, AutoTokenizer, AutoProcessor } = transformers;
env.allowRemoteModels = false;

const logitsOf = (output) => ({ dims: output.logits.dims, data: Array.from(output.logits.data) });

async function image({ dir, dtype, image: { pixels, width, height, channels } }) {
  const raw = new RawImage(Uint8ClampedArray.from(pixels), width, height, channels);
  const classify = await pipeline('image-classification', dir, { dtype });
  const top = await classify(raw, { top_k: 3 });
  const processor = await AutoProcessor.from_pretrained(dir);
  const { pixel_values } = await processor(raw);
  const model = await AutoModelForImageClassification.from_pretrained(dir, { dtype });
  return { pipeline: top, pixelValues: { dims: pixel_values.dims, data: Array.from(pixel_values.data) }, ...logitsOf(await model({ pixel_values })) };
}

async function text({ dir, dtype, texts, task }) {
  const run = await pipeline(task, dir, { dtype });
  const answers = await Promise.all(texts.map((t) => run(t, { top_k: 3 })));
  const tokenizer = await AutoTokenizer.from_pretrained(dir);
  const inputs = tokenizer(texts, { padding: true });
  const Model = task === 'fill-mask' ? AutoModelForMaskedLM : AutoModelForSequenceClassification;
  const model = await Model.from_pretrained(dir, { dtype });
  const ids = (name) => Array.from(inputs[name].data, Number);
  return { pipeline: answers, inputIds: ids('input_ids'), attentionMask: ids('attention_mask'), tokenTypeIds: ids('token_type_ids'), ...logitsOf(await model(inputs)) };
}

const request = JSON.parse(process.argv[2]);
(request.image ? image(request) : text(request)).then(
  (answer) => process.stdout.write(`${JSON.stringify(answer)}\n`),
  (error) => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exit(1);
  },
);
