/**
 * Activation capture and OT fusion at BERT-base's real size: two BertForMaskedLM models
 * (hidden 768, 12 layers, 12 heads, intermediate 3072, vocabulary 30,522; otfuse's hf-bert
 * init, seeds 100 and 101) are written to a temporary folder and read back lazily, 200
 * sequences of 128 tokens describe the neurons, and `fuseModels` runs with the default options
 * (activations, std-normalised, euclidean / max, Sinkhorn 0.08) at batch size 16. The fusion
 * runs in a child process, so its peak RSS is the fusion's alone. `--solver emd` (or any
 * registered solver) replaces Sinkhorn.
 * Run (from packages/cli): node -r @swc-node/register bench/bert-base-fusion.bench.ts [--solver emd]
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
import { BertArchitecture, bertConfigJson, initBert, normalizeBertConfig, packBertInputs } from '@otfuse/hf-bert';
import { type TensorReader, openCheckpoint, writeModelFolder } from '@otfuse/io';
import { register as registerOt } from '@otfuse/ot';
import { type ModelWeights, fuseModels } from '@otfuse/core';

const SEQUENCES = 200;
const LENGTH = 128;
const BATCH_SIZE = 16;
const RSS_TARGET_GIB = 4;
const [CLS, SEP, FIRST_WORD] = [101, 102, 1000];

const CONFIG = normalizeBertConfig({
  model_type: 'bert',
  architectures: ['BertForMaskedLM'],
  hidden_size: 768,
  num_hidden_layers: 12,
  num_attention_heads: 12,
  intermediate_size: 3072,
  vocab_size: 30522,
  max_position_embeddings: 512,
  type_vocab_size: 2,
});

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

/** `[CLS] words… [SEP]` of seeded random word ids, no padding. */
function sequences(): tf.Tensor3D {
  const random = new SeededRandom(7);
  const ids = new Int32Array(SEQUENCES * LENGTH);
  for (let s = 0; s < SEQUENCES; s++) {
    for (let t = 0; t < LENGTH; t++) ids[s * LENGTH + t] = t === 0 ? CLS : t === LENGTH - 1 ? SEP : FIRST_WORD + random.nextInt(CONFIG.vocabSize - FIRST_WORD);
  }
  return packBertInputs({ inputIds: ids }, SEQUENCES, LENGTH);
}

function writeParents(dir: string): void {
  [0, 1].forEach((i) => {
    const tensors = Object.entries(initBert(CONFIG, 100 + i)).map(([name, t]) => [name, { dtype: 'F32' as const, shape: t.shape, data: t.data }] as const);
    writeModelFolder(path.join(dir, `parent${i}`), { config: bertConfigJson(CONFIG), tensors });
  });
}

/** The child: fuses the two parents in `dir` and prints one JSON line. */
async function fuse(dir: string, solver: string): Promise<void> {
  const backend = await initBackend({ log: () => undefined });
  registerOt(container);
  const models = [0, 1].map((i) => ({ config: CONFIG, weights: lazyWeights(openCheckpoint(path.join(dir, `parent${i}`))) }));
  const samples = sequences();
  const stages: string[] = [];
  const { seconds } = fuseModels({
    container,
    architecture: new BertArchitecture(),
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

function main(solver: string): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'otfuse-bench-bert-base-'));
  try {
    let started = performance.now();
    writeParents(dir);
    console.log(`parents written in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    started = performance.now();
    const child = spawnSync(process.execPath, [...process.execArgv, __filename, '--fuse', dir, solver], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
    if (child.status !== 0) {
      console.log(`fusion exited with ${child.status}${child.signal ? ` (${child.signal})` : ''}\n${child.stdout}`);
      process.exitCode = 1;
      return;
    }
    const outcome = JSON.parse(child.stdout.trim().split('\n').pop() as string);
    const rssGiB = outcome.maxRssBytes / 1024 ** 3;
    console.log(`BERT-base MLM, ${SEQUENCES} × ${LENGTH} tokens, batch ${BATCH_SIZE}, default options, ${outcome.solver} (${outcome.backend})`);
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
  fuse(process.argv[3], process.argv[4]).catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  const flag = process.argv.indexOf('--solver');
  main(flag >= 0 ? process.argv[flag + 1] : 'sinkhorn');
}
