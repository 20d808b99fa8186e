/**
 * A whole `otfuse fuse` run at a size users hold, with the default settings: two BERT-base
 * masked LMs (BertForMaskedLM, hidden 768, 12 layers, 12 heads, intermediate 3072, vocabulary
 * 30,522; otfuse's init, seeds 100 and 101) written as `transformers` writes them, and a tensors
 * file of 1,200 seeded random sequences of 128 tokens with 15% of the tokens masked. The
 * experiment file names the models, the file and `data.test_samples: 1000`, nothing else: the
 * defaults capture 200 sequences, fuse with Sinkhorn, evaluate the parents and both fusions on
 * 1,000 sequences and draw the landscape and the barrier within their time budget. The run is a
 * child process (`run-fuse.ts`); each stage's time and the child's peak RSS are printed.
 * Takes about half an hour here. Run (from packages/cli):
 * `node -r @swc-node/register bench/real-size-run.bench.ts`
 */
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SeededRandom } from '@otfuse/extension';
import { bertConfigJson, initBert } from '@otfuse/hf-bert';
import { writeModelFolder, writeSafetensors } from '@otfuse/io';
import { BERT_BASE } from './real-size-models';
import type { RunFuseOutcome } from './run-fuse';

const SEQUENCES = 1200;
const LENGTH = 128;
const MASKED_SHARE = 0.15;
const RSS_TARGET_GIB = 4;
const MASK_ID = 103;

/** `[CLS] words… [SEP]` with 15% of the words replaced by `[MASK]` and labelled with the word; -100 elsewhere. */
function writeSequences(file: string): void {
  const random = new SeededRandom(7);
  const ids = new BigInt64Array(SEQUENCES * LENGTH);
  const labels = new BigInt64Array(SEQUENCES * LENGTH).fill(-100n);
  for (let s = 0; s < SEQUENCES; s++) {
    for (let t = 0; t < LENGTH; t++) {
      const at = s * LENGTH + t;
      if (t === 0 || t === LENGTH - 1) {
        ids[at] = t === 0 ? 101n : 102n;
        continue;
      }
      const word = BigInt(1000 + random.nextInt(BERT_BASE.vocabSize - 1000));
      const masked = random.nextFloat() < MASKED_SHARE;
      ids[at] = masked ? BigInt(MASK_ID) : word;
      if (masked) labels[at] = word;
    }
  }
  const shape = [SEQUENCES, LENGTH];
  writeSafetensors(file, { input_ids: { dtype: 'I64', shape, data: ids }, labels: { dtype: 'I64', shape, data: labels } });
}

function prepare(dir: string): string {
  [0, 1].forEach((i) => {
    const tensors = Object.entries(initBert(BERT_BASE, 100 + i)).map(([name, t]) => [name, { dtype: 'F32' as const, shape: t.shape, data: t.data }] as const);
    writeModelFolder(path.join(dir, `parent${i}`), { config: bertConfigJson(BERT_BASE), tensors });
  });
  writeSequences(path.join(dir, 'sequences.safetensors'));
  const file = path.join(dir, 'fuse.yaml');
  fs.writeFileSync(
    file,
    ['model:', '  name_0: parent0', '  name_1: parent1', '  dataset: sequences.safetensors', '  type: hf_bert', 'data:', '  test_samples: 1000', ''].join('\n'),
  );
  return file;
}

function main(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'otfuse-bench-bert-base-run-'));
  try {
    const file = prepare(dir);
    const child = spawnSync(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, 'run-fuse.ts'), file, path.join(dir, 'run')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 24,
    });
    if (child.status !== 0) {
      console.log(`bert-base-mlm: otfuse fuse exited with ${child.status}${child.signal ? ` (${child.signal})` : ''}`);
      process.exitCode = 1;
      return;
    }
    const o = JSON.parse(child.stdout.trim().split('\n').pop() as string) as RunFuseOutcome;
    const t = o.timings;
    const ot = o.methods.find((m) => m.id === 'ot')?.seconds ?? { activations: 0, fusion: 0 };
    const rssGiB = o.maxRssBytes / 1024 ** 3;
    const rows: [string, string][] = [
      ['backend', o.backend],
      ['load + data + probe (s)', (t.load + t.data).toFixed(1)],
      ['activations (s)', ot.activations.toFixed(1)],
      ['fusion (s)', ot.fusion.toFixed(1)],
      [`evaluation, ${o.modelsEvaluated} × ${o.testExamples} (s)`, t.evaluation.toFixed(1)],
      ['evaluation (sequences/s)', ((o.modelsEvaluated * o.testExamples) / t.evaluation).toFixed(2)],
      ['landscape + barrier (s)', `${t.figures.toFixed(1)}${o.landscape ? `  ${o.landscape}` : ''}`],
      ['writing (s)', t.writing.toFixed(1)],
      ['total (s)', t.total.toFixed(1)],
      ['peak RSS (GiB)', `${rssGiB.toFixed(2)}  target ≤ ${RSS_TARGET_GIB} (${rssGiB <= RSS_TARGET_GIB ? 'met' : 'MISSED'})`],
    ];
    console.log(`\nbert-base-mlm: BertForMaskedLM at BERT-base size, ${LENGTH} tokens; the default settings, evaluation on 1,000 sequences`);
    for (const [name, value] of rows) console.log(`  ${name.padEnd(38)} ${value}`);
    console.log('  PyTorch on the same model: `bench/eval-speed.bench.ts bert-base-mlm` measures both evaluations in one run');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
