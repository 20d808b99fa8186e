/**
 * Activation capture and OT fusion at the sizes users hold. Each case writes two models of a
 * real size (otfuse's init, seeds 100 and 101) to a temporary folder, reads them back lazily,
 * describes the neurons by 200 seeded random sequences, and runs `fuseModels` with the default
 * options (activations, std-normalised, euclidean / max, Sinkhorn 0.08) at batch size 16:
 * - `bert-base`: BertForMaskedLM, hidden 768, 12 layers, 12 heads, intermediate 3072,
 *   vocabulary 30,522; 200 sequences of 128 tokens.
 * - `gpt2-small`: GPT2LMHeadModel, hidden 768, 12 layers, 12 heads, vocabulary 50,257,
 *   1,024 positions; 200 sequences of 256 tokens.
 * - `llama`: a ~125M-parameter LlamaForCausalLM (two of TinyLlama's 1.1B would not fit a 24 GB
 *   machine beside their activations): hidden 768, 12 layers, 12 query heads over 4 KV heads of
 *   64, SwiGLU intermediate 2048, vocabulary 32,000, untied head, RoPE θ 10,000; 200 sequences of
 *   256 tokens.
 * - `vit-b16`: ViTForImageClassification at ViT-B/16's size, hidden 768, 12 layers, 12 heads,
 *   intermediate 3072, 224 px images in patches of 16 (197 tokens), 1,000 labels; 200 seeded
 *   random images, the default token filter (the paper's `window_6`).
 * The fusion runs in a child process, so its peak RSS is the fusion's alone. `--solver emd` (or
 * any registered solver) replaces Sinkhorn.
 * Run (from packages/cli): node -r @swc-node/register bench/real-size-fusion.bench.ts [bert-base|gpt2-small|llama|vit-b16 …] [--solver emd]
 */
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { container } from 'tsyringe';
import { initBackend, nativeHostProductTransposed } from '@otfuse/backend';
import { SeededRandom } from '@otfuse/extension';
import { BertArchitecture, bertConfigJson, initBert, packBertInputs } from '@otfuse/hf-bert';
import { Gpt2Architecture, gpt2ConfigJson, initGpt2, normalizeGpt2Config } from '@otfuse/hf-gpt2';
import { LlamaArchitecture, initLlama, llamaConfigJson, normalizeLlamaConfig } from '@otfuse/hf-llama';
import { VitArchitecture, initVit, vitConfigJson } from '@otfuse/hf-vit';
import { type TensorReader, openCheckpoint } from '@otfuse/io';
import { register as registerOt } from '@otfuse/ot';
import { type ArchitecturePlugin, type HostTensor, type ModelWeights, fuseModels, packDecoderInputs } from '@otfuse/core';
import { writeParentFolders } from './parent-folders';
import { BERT_BASE, VIT_B16 } from './real-size-models';

const SEQUENCES = 200;
const BATCH_SIZE = 16;
const RSS_TARGET_GIB = 4;

interface FusionCase {
  title: string;
  length: number;
  config: unknown;
  architecture: ArchitecturePlugin;
  init: (seed: number) => Record<string, HostTensor>;
  configJson: Record<string, unknown>;
  /** `SEQUENCES` inputs of `length` tokens (seeded random ids or pixels), as the architecture reads them. */
  inputs: (random: SeededRandom) => tf.Tensor;
}

/** Seeded random ids in [first, vocabulary), `SEQUENCES × length`, with `edges(t)` where it gives an id. */
function randomIds(random: SeededRandom, length: number, first: number, vocabulary: number, edges: (t: number) => number | undefined = () => undefined): Int32Array {
  const ids = new Int32Array(SEQUENCES * length);
  for (let s = 0; s < SEQUENCES; s++) for (let t = 0; t < length; t++) ids[s * length + t] = edges(t) ?? first + random.nextInt(vocabulary - first);
  return ids;
}

const GPT2_SMALL = normalizeGpt2Config({ model_type: 'gpt2', architectures: ['GPT2LMHeadModel'], n_embd: 768, n_layer: 12, n_head: 12, vocab_size: 50257, n_positions: 1024 });

const LLAMA_SMALL = normalizeLlamaConfig({
  model_type: 'llama',
  architectures: ['LlamaForCausalLM'],
  hidden_size: 768,
  num_hidden_layers: 12,
  num_attention_heads: 12,
  num_key_value_heads: 4,
  intermediate_size: 2048,
  vocab_size: 32000,
  max_position_embeddings: 2048,
});

/** `SEQUENCES` images of seeded standard-normal pixels, `[images, channels, size, size]`. */
function randomImages(random: SeededRandom, channels: number, size: number): tf.Tensor4D {
  const pixels = new Float32Array(SEQUENCES * channels * size * size);
  for (let i = 0; i < pixels.length; i++) pixels[i] = random.nextNormal();
  return tf.tensor4d(pixels, [SEQUENCES, channels, size, size]);
}

const CASES: Record<string, FusionCase> = {
  'bert-base': {
    title: 'BERT-base MLM',
    length: 128,
    config: BERT_BASE,
    architecture: new BertArchitecture() as ArchitecturePlugin,
    init: (seed) => initBert(BERT_BASE, seed),
    configJson: bertConfigJson(BERT_BASE),
    // `[CLS] words… [SEP]`, no padding.
    inputs: (random) => packBertInputs({ inputIds: randomIds(random, 128, 1000, BERT_BASE.vocabSize, (t) => (t === 0 ? 101 : t === 127 ? 102 : undefined)) }, SEQUENCES, 128),
  },
  'gpt2-small': {
    title: 'GPT-2 small',
    length: 256,
    config: GPT2_SMALL,
    architecture: new Gpt2Architecture() as ArchitecturePlugin,
    init: (seed) => initGpt2(GPT2_SMALL, seed),
    configJson: gpt2ConfigJson(GPT2_SMALL),
    inputs: (random) => packDecoderInputs({ inputIds: randomIds(random, 256, 0, GPT2_SMALL.vocabSize) }, SEQUENCES, 256),
  },
  llama: {
    title: 'Llama ~125M (GQA 12/4)',
    length: 256,
    config: LLAMA_SMALL,
    architecture: new LlamaArchitecture() as ArchitecturePlugin,
    init: (seed) => initLlama(LLAMA_SMALL, seed),
    configJson: llamaConfigJson(LLAMA_SMALL),
    inputs: (random) => packDecoderInputs({ inputIds: randomIds(random, 256, 0, LLAMA_SMALL.vocabSize) }, SEQUENCES, 256),
  },
  'vit-b16': {
    title: 'ViT-B/16, 224 px',
    length: 197,
    config: VIT_B16,
    architecture: new VitArchitecture() as ArchitecturePlugin,
    init: (seed) => initVit(VIT_B16, seed),
    configJson: vitConfigJson(VIT_B16),
    inputs: (random) => randomImages(random, 3, 224),
  },
};

/** A checkpoint read one tensor at a time, as a run reads its parents. */
function lazyWeights(reader: TensorReader): ModelWeights {
  return {
    names: () => reader.names(),
    shape: (name) => reader.info(name).shape,
    tensor: (name) => {
      const { shape, data } = reader.readAsFloat32(name);
      return tf.tensor(data, [...shape], 'float32');
    },
  };
}


/** The child: fuses the two parents in `dir` and prints one JSON line. */
async function fuse(c: FusionCase, dir: string, solver: string): Promise<void> {
  const backend = await initBackend({ log: () => undefined });
  registerOt(container);
  const models = [0, 1].map((i) => ({ config: c.config, weights: lazyWeights(openCheckpoint(path.join(dir, `parent${i}`))) }));
  const samples = c.inputs(new SeededRandom(7));
  const stages: string[] = [];
  const { seconds } = fuseModels({
    container,
    architecture: c.architecture,
    models,
    options: { solver },
    samples,
    batchSize: BATCH_SIZE,
    hostProduct: nativeHostProductTransposed(),
    onProgress: (p) => {
      if (p.stage === 'activations') stages.push(p.detail);
    },
  });
  samples.dispose();
  console.log(JSON.stringify({ solver, backend: `${backend.name}, ${backend.matmul.engine} matmul`, seconds, stagesRun: stages, maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
}

function runCase(name: string, solver: string): void {
  const c = CASES[name];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `otfuse-bench-${name}-`));
  try {
    let started = performance.now();
    writeParentFolders(dir, c.configJson, c.init);
    console.log(`${name}: parents written in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    started = performance.now();
    const child = spawnSync(process.execPath, [...process.execArgv, __filename, '--fuse', name, dir, solver], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
    if (child.status !== 0) {
      console.log(`fusion exited with ${child.status}${child.signal ? ` (${child.signal})` : ''}\n${child.stdout}`);
      process.exitCode = 1;
      return;
    }
    const outcome = JSON.parse(child.stdout.trim().split('\n').pop() as string);
    const rssGiB = outcome.maxRssBytes / 1024 ** 3;
    console.log(`${c.title}, ${SEQUENCES} × ${c.length} tokens, batch ${BATCH_SIZE}, default options, ${outcome.solver} (${outcome.backend})`);
    console.log(`  forward stages run        ${outcome.stagesRun.join(', ')}`);
    console.log(`  activations (s)           ${outcome.seconds.activations.toFixed(1)}`);
    console.log(`  fusion (s)                ${outcome.seconds.fusion.toFixed(1)}`);
    console.log(`  child wall (s)            ${((performance.now() - started) / 1000).toFixed(1)}`);
    console.log(`  peak RSS (GiB)            ${rssGiB.toFixed(2)}  target ≤ ${RSS_TARGET_GIB}${rssGiB <= RSS_TARGET_GIB ? ' (met)' : ' (MISSED)'}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--fuse') {
  fuse(CASES[process.argv[3]], process.argv[4], process.argv[5]).catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  const args = process.argv.slice(2);
  const flag = args.indexOf('--solver');
  const solver = flag >= 0 ? args[flag + 1] : 'sinkhorn';
  const named = args.filter((arg, i) => !arg.startsWith('--') && (flag < 0 || i !== flag + 1));
  const unknown = named.filter((name) => !(name in CASES));
  if (unknown.length) {
    console.error(`unknown case ${unknown.join(', ')}; the cases: ${Object.keys(CASES).join(', ')}`);
    process.exit(2);
  }
  for (const name of named.length ? named : Object.keys(CASES)) runCase(name, solver);
}
