/**
 * GFLOP/s of tf.matMul on the wasm backend: tfjs-wasm's own kernel against the same call on
 * onnxruntime-node (with all OTFUSE_THREADS threads, and with one), for the products of a
 * ViT-sized fusion run, then the small sizes around the thresholds where wasm keeps them.
 * Runs alternate between the engines so that load on the machine hits each alike.
 * Run: npm run bench (from packages/backend), or
 *      node -r @swc-node/register bench/native-matmul.bench.ts
 */
import * as os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../src';
import { disableNativeMatmul, enableNativeMatmul } from '../src/native/enable-native-matmul';
import { matmulCalls, nativeMatmulTuning } from '../src/native/native-matmul-kernels';
import { readNativeMatmulSettings } from '../src/native/settings';

interface Product {
  label: string;
  a: number[];
  b: number[];
  transposeB?: boolean;
}

const PRODUCTS: Product[] = [
  { label: '1536x7400 · 7400x1536', a: [1536, 7400], b: [7400, 1536] },
  { label: '4160x384 · 384x1536', a: [4160, 384], b: [384, 1536] },
  { label: '4160x1536 · 1536x384', a: [4160, 1536], b: [1536, 384] },
  { label: '[96] 65x32 · 32x65', a: [96, 65, 32], b: [96, 32, 65] },
  { label: '[96] 65x32 · (65x32)ᵀ', a: [96, 65, 32], b: [96, 65, 32], transposeB: true },
  { label: '[96] 65x65 · 65x32', a: [96, 65, 65], b: [96, 65, 32] },
];

/** Around the size thresholds: timed with the thresholds off, to show where each engine wins. */
const SMALL: Product[] = [48, 64, 80, 100, 128, 200, 256].map((n) => ({ label: `${n}³`, a: [n, n], b: [n, n] }));

type Engine = 'wasm' | 'native' | 'native1';
const ENGINES: Engine[] = ['wasm', 'native', 'native1'];

function multiplyAdds({ a, b, transposeB }: Product): number {
  const batch = a.length === 3 ? a[0] : 1;
  const [m, k] = a.slice(-2);
  const n = transposeB ? b[b.length - 2] : b[b.length - 1];
  return batch * m * k * n;
}

function useEngine(engine: Engine, threads: number): void {
  if (engine === 'wasm') {
    disableNativeMatmul();
  } else {
    enableNativeMatmul({ mode: 'on', threads: engine === 'native' ? threads : 1 });
  }
}

/** Median seconds of one product per engine, alternating engines run by run. */
function medianSeconds(product: Product, threads: number, budgetSeconds: number): Record<Engine, number> {
  const a = tf.randomUniform(product.a, -1, 1, 'float32', 1);
  const b = tf.randomUniform(product.b, -1, 1, 'float32', 2);
  const once = () => {
    const start = performance.now();
    tf.matMul(a, b, false, product.transposeB).dispose(); // wasm kernels run synchronously
    return (performance.now() - start) / 1000;
  };
  const times: Record<Engine, number[]> = { wasm: [], native: [], native1: [] };
  for (const engine of ENGINES) {
    useEngine(engine, threads);
    once(); // warm-up: sessions, packed weights, heap growth
  }
  const started = performance.now();
  while (times.wasm.length < 3 || (times.wasm.length < 25 && (performance.now() - started) / 1000 < budgetSeconds)) {
    for (const engine of ENGINES) {
      useEngine(engine, threads);
      times[engine].push(once());
    }
  }
  tf.dispose([a, b]);
  const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];
  return { wasm: median(times.wasm), native: median(times.native), native1: median(times.native1) };
}

function row(cells: string[], widths: number[]): string {
  return cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
}

async function main(): Promise<void> {
  const info = await initBackend({ force: 'wasm', log: (line) => console.log(line) });
  if (info.matmul.engine !== 'onnxruntime-node') {
    throw new Error(`onnxruntime-node is needed for this benchmark: ${info.matmul.reason}`);
  }
  const { threads } = readNativeMatmulSettings();
  const load = () => os.loadavg().map((value) => value.toFixed(2)).join(' ');
  console.log(`cores: ${os.availableParallelism()}; load average at start: ${load()}`);

  const widths = [24, 11, 14, 14, 9];
  const header = ['product', 'wasm', `native ${threads}T`, 'native 1T', 'speed-up'];
  console.log(`\nGFLOP/s (2·multiply-adds / median time), tf.matMul:\n${row(header, widths)}`);
  for (const product of PRODUCTS) {
    const seconds = medianSeconds(product, threads, 6);
    const gflops = (engine: Engine) => (2 * multiplyAdds(product)) / seconds[engine] / 1e9;
    const cells = ENGINES.map((engine) => gflops(engine).toFixed(1));
    console.log(row([product.label, ...cells, `${(seconds.wasm / seconds.native).toFixed(2)}x`], widths));
  }

  Object.assign(nativeMatmulTuning, { minMultiplyAdds: 0, minMultiplyAddsTransposed: 0 });
  const smallHeader = ['product', 'wasm', 'native', 'native 1T'];
  console.log(`\nsmall products, µs per call, size thresholds off (one thread below 12M):\n${row(smallHeader, widths)}`);
  for (const product of SMALL) {
    const seconds = medianSeconds(product, threads, 0.5);
    console.log(row([product.label, ...ENGINES.map((engine) => (seconds[engine] * 1e6).toFixed(0))], widths));
  }
  console.log(`\nnative calls: ${matmulCalls.native}; load average at end: ${load()}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
