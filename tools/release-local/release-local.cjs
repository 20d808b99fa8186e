#!/usr/bin/env node
// A real publish, locally: starts a throwaway verdaccio registry on 127.0.0.1, builds and
// publishes every workspace package at its version, then installs @otfuse/cli and @otfuse/ot
// from that registry into empty folders and checks that they work there, with no workspace
// links and no sources. Everything lives in one temp folder that is removed at the end, and
// verdaccio is always stopped, also on failure. Usage (see README.md beside this file):
//
//   node tools/release-local/release-local.cjs [--skip-build] [--omit-optional] [--keep]
//                                              [--report <file.json>]
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a plain CommonJS script, run by node without a build */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const VERDACCIO_BIN = require.resolve('verdaccio/bin/verdaccio', { paths: [ROOT] });
const MINUTE = 60_000;
/** Time limits of the steps, in milliseconds. */
const LIMITS = {
  verdaccioStart: 1 * MINUTE,
  build: 20 * MINUTE,
  pack: 1 * MINUTE,
  publish: 2 * MINUTE,
  installCli: 10 * MINUTE,
  installOt: 3 * MINUTE,
  command: 3 * MINUTE,
  stop: 10_000,
};

class ReleaseError extends Error {}

function parseArgs(argv) {
  const args = { skipBuild: false, omitOptional: false, keep: false, report: undefined, quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--skip-build') args.skipBuild = true;
    else if (a === '--omit-optional') args.omitOptional = true;
    else if (a === '--keep') args.keep = true;
    else if (a === '--quiet') args.quiet = true;
    else if (a === '--report') args.report = path.resolve(argv[++i] ?? '');
    else if (a === '--help' || a === '-h') {
      process.stdout.write(
        'usage: npm run release:local -- [--skip-build] [--omit-optional] [--keep] [--report <file.json>]\n' +
          '  --skip-build     publish the dist/ folders as they are (no npm run build)\n' +
          '  --omit-optional  install @otfuse/cli without optional dependencies (tfjs-node, onnxruntime-node)\n' +
          '  --keep           keep the temp folder (registry storage, install folders, logs)\n' +
          '  --report <file>  write tarball sizes and step durations as JSON\n',
      );
      process.exit(0);
    } else throw new ReleaseError(`unknown argument ${a} (try --help)`);
  }
  if (process.env.RELEASE_LOCAL_SKIP_BUILD === '1') args.skipBuild = true;
  return args;
}

const started = Date.now();
let quiet = false;
function log(message) {
  if (!quiet) process.stdout.write(`[release:local ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}\n`);
}

/**
 * The environment of every child: this process's, without the npm_* variables `npm run` sets
 * (they would point npm at the workspace's registry and config), plus `extra`.
 */
function childEnv(extra) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
  return { ...env, NO_UPDATE_NOTIFIER: '1', NX_DAEMON: 'false', NX_NO_CLOUD: 'true', ...extra };
}

const children = new Set();

/** Kills a child and everything it started (it runs in its own process group). */
function killTree(child, signal = 'SIGTERM') {
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

/**
 * Runs `command args` in `cwd` with a time limit; resolves to its output, rejects with the
 * output's tail when it fails or runs too long.
 */
function run(step, command, args, { cwd, env, limit, allowFailure = false }) {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let out = '';
    const take = (chunk) => {
      out += chunk;
      if (out.length > 4_000_000) out = out.slice(-2_000_000);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killTree(child, 'SIGTERM');
      setTimeout(() => killTree(child, 'SIGKILL'), 5000).unref();
    }, limit);
    child.on('error', (error) => {
      clearTimeout(timer);
      children.delete(child);
      reject(new ReleaseError(`${step}: cannot start ${command}: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      children.delete(child);
      const seconds = (Date.now() - t0) / 1000;
      const result = { code, out, seconds };
      if (timedOut) reject(new ReleaseError(`${step}: no result after ${limit / 1000} s (${command} ${args.join(' ')})\n${tail(out)}`));
      else if ((code !== 0 || signal) && !allowFailure)
        reject(new ReleaseError(`${step}: ${command} ${args.join(' ')} exited with ${signal ?? code} after ${seconds.toFixed(1)} s\n${tail(out)}`));
      else resolve(result);
    });
  });
}

function tail(text, lines = 40) {
  const all = text.trimEnd().split('\n');
  return all.slice(-lines).map((l) => `    | ${l}`).join('\n');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function uplinkUrl() {
  const url = process.env.RELEASE_LOCAL_UPLINK || process.env.npm_config_registry || 'https://registry.npmjs.org/';
  return url.endsWith('/') ? url : `${url}/`;
}

function verdaccioConfig(dir, port) {
  // JSON is YAML: no quoting surprises in paths.
  return JSON.stringify(
    {
      storage: path.join(dir, 'storage'),
      listen: `127.0.0.1:${port}`,
      auth: { htpasswd: { file: path.join(dir, 'htpasswd'), max_users: 1000 } },
      uplinks: { npmjs: { url: uplinkUrl(), timeout: '120s', maxage: '30m' } },
      packages: {
        // Ours: only what this run publishes, never the public registry's.
        '@otfuse/*': { access: '$all', publish: '$all', unpublish: '$all' },
        '@*/*': { access: '$all', publish: '$authenticated', proxy: 'npmjs' },
        '**': { access: '$all', publish: '$authenticated', proxy: 'npmjs' },
      },
      server: { keepAliveTimeout: 60 },
      max_body_size: '500mb',
      publish: { allow_offline: true },
      log: { type: 'stdout', format: 'pretty', level: 'warn' },
      web: { enable: false },
    },
    null,
    2,
  );
}

async function waitForRegistry(url, verdaccio, getLog) {
  const deadline = Date.now() + LIMITS.verdaccioStart;
  while (Date.now() < deadline) {
    if (verdaccio.exitCode !== null) throw new ReleaseError(`verdaccio exited with ${verdaccio.exitCode} while starting\n${tail(getLog())}`);
    try {
      const response = await fetch(`${url}-/ping`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new ReleaseError(`verdaccio did not answer ${url}-/ping within ${LIMITS.verdaccioStart / 1000} s\n${tail(getLog())}`);
}

/** Creates a registry user (verdaccio's htpasswd) and returns its token. */
async function addUser(url) {
  const name = 'otfuse-release-local';
  const response = await fetch(`${url}-/user/org.couchdb.user:${name}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ _id: `org.couchdb.user:${name}`, name, password: 'local-only-password', type: 'user', roles: [] }),
    signal: AbortSignal.timeout(20_000),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok || !body.token) throw new ReleaseError(`cannot create a user on the local registry: HTTP ${response.status} ${JSON.stringify(body)}`);
  return body.token;
}

/** Every workspace package (the root package.json's `workspaces` globs, `dir/*` form). */
function workspacePackages() {
  const root = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const found = [];
  for (const pattern of root.workspaces ?? []) {
    if (!pattern.endsWith('/*')) throw new ReleaseError(`workspace pattern ${pattern}: only "<dir>/*" is supported`);
    const parent = path.join(ROOT, pattern.slice(0, -2));
    if (!fs.existsSync(parent)) continue;
    for (const entry of fs.readdirSync(parent).sort()) {
      const manifest = path.join(parent, entry, 'package.json');
      if (!fs.existsSync(manifest)) continue;
      const json = JSON.parse(fs.readFileSync(manifest, 'utf8'));
      found.push({ dir: path.dirname(manifest), rel: path.relative(ROOT, path.dirname(manifest)), json });
    }
  }
  return found;
}

/** A file of a tarball is allowed when it is package.json, a README, dist/…, or bin/… of a package with a bin. */
function unexpectedFiles(pkg, files) {
  const bad = [];
  for (const { path: file } of files) {
    if (file === 'package.json' || /^readme(\.md)?$/i.test(file)) continue;
    if (file.startsWith('dist/')) {
      if (/(^|\/)(__tests__|__fixtures__)\/|\.spec\.|\.test\.|\.tsbuildinfo$/.test(file)) bad.push(file);
      continue;
    }
    if (pkg.json.bin && file.startsWith('bin/')) continue;
    bad.push(file);
  }
  return bad;
}

function formatSize(bytes) {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MB` : `${(bytes / 1024).toFixed(1)} kB`;
}

/** Writes a safetensors file: 8-byte little-endian header length, JSON header, raw data. */
function writeSafetensors(file, tensors) {
  const header = {};
  const buffers = [];
  let offset = 0;
  for (const [name, { dtype, shape, data }] of Object.entries(tensors)) {
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    header[name] = { dtype, shape, data_offsets: [offset, offset + bytes.length] };
    buffers.push(bytes);
    offset += bytes.length;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(Buffer.byteLength(json)));
  fs.writeFileSync(file, Buffer.concat([length, Buffer.from(json), ...buffers]));
}

/** A seeded generator (mulberry32), uniform in [-1, 1). */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  };
}

const MLP = { input: 16, hidden: [12, 8], labels: 3 };

/** A generic-mlp model folder (config.json + model.safetensors) with seeded random weights. */
function writeMlpFolder(folder, seed) {
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(
    path.join(folder, 'config.json'),
    JSON.stringify({ model_type: 'otfuse-mlp', architectures: ['OtfuseMlp'], input_size: MLP.input, hidden_sizes: MLP.hidden, num_labels: MLP.labels, activation: 'relu', bias: true }, null, 2),
  );
  const next = random(seed);
  const widths = [MLP.input, ...MLP.hidden, MLP.labels];
  const tensors = {};
  for (let i = 0; i + 1 < widths.length; i++) {
    const [fanIn, fanOut] = [widths[i], widths[i + 1]];
    const scale = Math.sqrt(6 / fanIn);
    tensors[`layers.${i}.weight`] = { dtype: 'F32', shape: [fanOut, fanIn], data: Float32Array.from({ length: fanOut * fanIn }, () => next() * scale) };
    tensors[`layers.${i}.bias`] = { dtype: 'F32', shape: [fanOut], data: Float32Array.from({ length: fanOut }, () => next() * 0.1) };
  }
  writeSafetensors(path.join(folder, 'model.safetensors'), tensors);
}

/** The tiny fuse experiment: two random MLPs, a tensors file of 48 examples, EMD on activations. */
function writeFuseExperiment(dir) {
  writeMlpFolder(path.join(dir, 'models', 'mlp-a'), 1);
  writeMlpFolder(path.join(dir, 'models', 'mlp-b'), 2);
  const n = 48;
  const next = random(3);
  const pixels = Float32Array.from({ length: n * MLP.input }, () => next());
  const labels = BigInt64Array.from({ length: n }, (_, i) => BigInt(i % MLP.labels));
  writeSafetensors(path.join(dir, 'tiny-data.safetensors'), {
    pixel_values: { dtype: 'F32', shape: [n, MLP.input], data: pixels },
    labels: { dtype: 'I64', shape: [n], data: labels },
  });
  const experiment = [
    'model:',
    '  name_0: models/mlp-a',
    '  name_1: models/mlp-b',
    '  dataset: tiny-data.safetensors',
    'fusion:',
    '  type: acts',
    '  ot_solver: emd',
    '  acts: { num_samples: 32, seq_filter: None }',
    '',
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'fuse.yaml'), experiment);
}

const OT_CHECK = `'use strict';
const ot = require('@otfuse/ot');
const x = Float32Array.from([0, 0, 1, 0, 0, 1]);
const y = Float32Array.from([0, 0.1, 1, 1]);
const cost = ot.groundCost(x, y, 3, 2, 2, { normalize: 'max' });
const exact = ot.emd(ot.uniform(3), ot.uniform(2), cost);
const soft = ot.sinkhorn(ot.uniform(3), ot.uniform(2), cost, { reg: 0.08 });
function marginals(plan) {
  const rows = [0, 0, 0], cols = [0, 0];
  for (let i = 0; i < 3; i++) for (let j = 0; j < 2; j++) { rows[i] += plan[i * 2 + j]; cols[j] += plan[i * 2 + j]; }
  return { rows, cols };
}
for (const [name, plan, tol] of [['emd', exact.plan, 1e-9], ['sinkhorn', soft.plan, 1e-3]]) {
  const { rows, cols } = marginals(plan);
  const bad = rows.some((r) => Math.abs(r - 1 / 3) > tol) || cols.some((c) => Math.abs(c - 1 / 2) > tol) || Array.from(plan).some((v) => !(v >= 0));
  if (bad) { console.error(name + ': plan does not meet the marginals: ' + JSON.stringify(Array.from(plan))); process.exit(1); }
}
console.log(JSON.stringify({ emd: { algorithm: exact.algorithm, cost: exact.cost, plan: Array.from(exact.plan) }, sinkhorn: { iterations: soft.iterations, converged: soft.converged } }));
`;

function expectOutput(step, result, patterns) {
  for (const pattern of patterns) if (!pattern.test(result.out)) throw new ReleaseError(`${step}: output does not match ${pattern}\n${tail(result.out)}`);
}

function readInstalled(folder) {
  const names = [];
  const top = path.join(folder, 'node_modules');
  if (!fs.existsSync(top)) return names;
  for (const entry of fs.readdirSync(top)) {
    if (entry.startsWith('.')) continue;
    if (entry.startsWith('@')) for (const sub of fs.readdirSync(path.join(top, entry))) names.push(`${entry}/${sub}`);
    else names.push(entry);
  }
  return names.sort();
}

/** Installed @otfuse/* packages must be real folders in `folder`, holding no sources. */
function checkNoWorkspaceLinks(folder) {
  const scope = path.join(folder, 'node_modules', '@otfuse');
  if (!fs.existsSync(scope)) throw new ReleaseError(`${folder}: no @otfuse packages installed`);
  for (const name of fs.readdirSync(scope)) {
    const dir = path.join(scope, name);
    const stat = fs.lstatSync(dir);
    if (stat.isSymbolicLink() || !fs.realpathSync(dir).startsWith(fs.realpathSync(folder)))
      throw new ReleaseError(`@otfuse/${name} is linked (${fs.realpathSync(dir)}), not installed from the registry`);
    if (fs.existsSync(path.join(dir, 'src'))) throw new ReleaseError(`@otfuse/${name} ships its src/ folder`);
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  quiet = args.quiet;
  const temp = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), 'otfuse-release-local-'));
  const report = { ok: false, registry: undefined, durations: {}, packages: [], installed: {} };
  let verdaccio;
  let verdaccioLog = '';
  const timed = async (name, fn) => {
    const t0 = Date.now();
    try {
      return await fn();
    } finally {
      report.durations[name] = Number(((Date.now() - t0) / 1000).toFixed(1));
    }
  };

  const cleanup = async () => {
    if (verdaccio && verdaccio.exitCode === null) {
      killTree(verdaccio, 'SIGTERM');
      const gone = await Promise.race([new Promise((r) => verdaccio.once('exit', () => r(true))), new Promise((r) => setTimeout(() => r(false), LIMITS.stop))]);
      if (!gone) killTree(verdaccio, 'SIGKILL');
      log('verdaccio stopped');
    }
    for (const child of children) killTree(child, 'SIGKILL');
    if (args.keep) log(`kept ${temp}`);
    else {
      fs.rmSync(temp, { recursive: true, force: true, maxRetries: 3 });
      log(`removed ${temp}`);
    }
  };
  const onSignal = (signal) => {
    log(`${signal}: stopping`);
    cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    // 1. The registry.
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/`;
    report.registry = url;
    const configFile = path.join(temp, 'verdaccio.yaml');
    fs.writeFileSync(configFile, verdaccioConfig(temp, port));
    await timed('verdaccio', async () => {
      verdaccio = spawn(process.execPath, [VERDACCIO_BIN, '--config', configFile, '--listen', `127.0.0.1:${port}`], {
        cwd: temp,
        env: childEnv({}),
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const take = (chunk) => {
        verdaccioLog += chunk;
        if (verdaccioLog.length > 1_000_000) verdaccioLog = verdaccioLog.slice(-500_000);
      };
      verdaccio.stdout.on('data', take);
      verdaccio.stderr.on('data', take);
      await waitForRegistry(url, verdaccio, () => verdaccioLog);
    });
    log(`verdaccio ${require(path.join(path.dirname(VERDACCIO_BIN), '..', 'package.json')).version} on ${url} (storage in ${temp}), uplink ${uplinkUrl()}`);
    const token = await addUser(url);
    const host = url.replace(/^http:/, '');
    const npmrc = path.join(temp, 'npmrc');
    fs.writeFileSync(npmrc, `registry=${url}\n${host}:_authToken=${token}\naudit=false\nfund=false\nupdate-notifier=false\n`);
    const cache = path.join(temp, 'npm-cache');
    const npmEnv = childEnv({
      npm_config_userconfig: npmrc,
      npm_config_registry: url,
      npm_config_cache: cache,
      ONNXRUNTIME_NODE_INSTALL: 'skip',
    });

    // 2. Build.
    if (args.skipBuild) log('build skipped (--skip-build): publishing dist/ as it is');
    else {
      log('npm run build …');
      const build = await timed('build', () => run('build', 'npm', ['run', 'build'], { cwd: ROOT, env: childEnv({}), limit: LIMITS.build }));
      log(`built in ${build.seconds.toFixed(1)} s`);
    }

    // 3. Tarballs: contents and sizes.
    const packages = workspacePackages();
    const published = [];
    const problems = [];
    for (const pkg of packages) {
      const { name, version } = pkg.json;
      if (pkg.json.private) {
        log(`${name ?? pkg.rel}: private, not published`);
        continue;
      }
      const main = pkg.json.main && path.join(pkg.dir, pkg.json.main);
      if (main && !fs.existsSync(main)) throw new ReleaseError(`${name}: ${pkg.json.main} is missing (run npm run build, or drop --skip-build)`);
      const pack = await run(`npm pack ${name}`, 'npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: pkg.dir, env: npmEnv, limit: LIMITS.pack });
      const json = JSON.parse(pack.out.slice(pack.out.indexOf('[')));
      const info = json[0];
      const bad = unexpectedFiles(pkg, info.files);
      if (bad.length) problems.push(`${name}: tarball holds ${bad.length} unexpected file(s): ${bad.slice(0, 8).join(', ')}${bad.length > 8 ? ', …' : ''}`);
      const entry = { name, version, dir: pkg.rel, size: info.size, unpackedSize: info.unpackedSize, files: info.entryCount };
      report.packages.push(entry);
      published.push(pkg);
      log(`${name}@${version}: ${formatSize(info.size)} packed, ${formatSize(info.unpackedSize)} unpacked, ${info.entryCount} files`);
    }
    if (problems.length) throw new ReleaseError(`tarballs hold more than dist/, README, package.json (and bin/):\n  ${problems.join('\n  ')}`);

    // 4. Publish.
    await timed('publish', async () => {
      for (const pkg of published) {
        await run(`npm publish ${pkg.json.name}`, 'npm', ['publish', '--registry', url, '--access', 'public', '--tag', 'latest', '--ignore-scripts'], {
          cwd: pkg.dir,
          env: npmEnv,
          limit: LIMITS.publish,
        });
        const manifest = await fetch(`${url}${pkg.json.name.replace('/', '%2f')}`, { signal: AbortSignal.timeout(10_000) }).then((r) => r.json());
        if (!manifest.versions || !manifest.versions[pkg.json.version]) throw new ReleaseError(`${pkg.json.name}@${pkg.json.version} is not on the local registry after npm publish`);
      }
    });
    log(`published ${published.length} packages to ${url}`);

    // 5. @otfuse/cli in an empty folder.
    const cliDir = path.join(temp, 'install-cli');
    fs.mkdirSync(cliDir);
    fs.writeFileSync(path.join(cliDir, 'package.json'), JSON.stringify({ name: 'otfuse-consumer', version: '1.0.0', private: true }, null, 2));
    log(`npm install @otfuse/cli${args.omitOptional ? ' --omit=optional' : ''} in ${cliDir} …`);
    const installArgs = ['install', '@otfuse/cli', '--registry', url, '--no-audit', '--no-fund'];
    if (args.omitOptional) installArgs.push('--omit=optional');
    const install = await timed('installCli', () => run('npm install @otfuse/cli', 'npm', installArgs, { cwd: cliDir, env: npmEnv, limit: LIMITS.installCli }));
    log(`installed in ${install.seconds.toFixed(1)} s: ${(/added \d+ packages/.exec(install.out) ?? ['?'])[0]}`);
    checkNoWorkspaceLinks(cliDir);
    report.installed.cli = readInstalled(cliDir).filter((n) => n.startsWith('@otfuse/') || n.startsWith('@tensorflow/') || n === 'onnxruntime-node');

    const cliEnv = childEnv({ npm_config_userconfig: npmrc, npm_config_registry: url, npm_config_cache: cache });
    const help = await timed('help', () => run('npx otfuse --help', 'npx', ['--no', '--', 'otfuse', '--help'], { cwd: cliDir, env: cliEnv, limit: LIMITS.command }));
    expectOutput('otfuse --help', help, [/Usage:\s*otfuse/i, /\bfuse\b/, /\blist\b/]);
    log('npx otfuse --help: ok');
    const list = await timed('list', () => run('npx otfuse list', 'npx', ['--no', '--', 'otfuse', 'list'], { cwd: cliDir, env: cliEnv, limit: LIMITS.command }));
    expectOutput('otfuse list', list, [/generic-mlp/, /hf-vit/, /\bemd\b/, /sinkhorn/]);
    log('npx otfuse list: ok');
    writeFuseExperiment(cliDir);
    const fuse = await timed('fuse', () =>
      run('npx otfuse fuse', 'npx', ['--no', '--', 'otfuse', 'fuse', 'fuse.yaml', '--out', 'runs/tiny'], { cwd: cliDir, env: cliEnv, limit: LIMITS.command }),
    );
    for (const file of ['otfused/config.json', 'otfused/model.safetensors', 'report.json']) {
      if (!fs.existsSync(path.join(cliDir, 'runs', 'tiny', file))) throw new ReleaseError(`otfuse fuse: runs/tiny/${file} was not written\n${tail(fuse.out)}`);
    }
    let fused;
    try {
      fused = JSON.parse(fs.readFileSync(path.join(cliDir, 'runs', 'tiny', 'report.json'), 'utf8'));
    } catch (error) {
      throw new ReleaseError(`otfuse fuse: runs/tiny/report.json is not JSON: ${error.message}`);
    }
    report.fuse = { seconds: fuse.seconds, reportKeys: Object.keys(fused) };
    log(`npx otfuse fuse fuse.yaml: ok (${fuse.seconds.toFixed(1)} s); its output:\n${tail(fuse.out, 25)}`);

    // 6. @otfuse/ot alone.
    const otDir = path.join(temp, 'install-ot');
    fs.mkdirSync(otDir);
    fs.writeFileSync(path.join(otDir, 'package.json'), JSON.stringify({ name: 'ot-consumer', version: '1.0.0', private: true }, null, 2));
    await timed('installOt', () => run('npm install @otfuse/ot', 'npm', ['install', '@otfuse/ot', '--registry', url, '--no-audit', '--no-fund'], { cwd: otDir, env: npmEnv, limit: LIMITS.installOt }));
    checkNoWorkspaceLinks(otDir);
    const otInstalled = readInstalled(otDir);
    report.installed.ot = otInstalled;
    const tensorflow = otInstalled.filter((n) => n.startsWith('@tensorflow/'));
    if (tensorflow.length) throw new ReleaseError(`npm install @otfuse/ot installed ${tensorflow.join(', ')}`);
    if (otInstalled.join() !== '@otfuse/extension,@otfuse/ot') log(`note: npm install @otfuse/ot installed ${otInstalled.join(', ')}`);
    fs.writeFileSync(path.join(otDir, 'check.cjs'), OT_CHECK);
    const solved = await run('@otfuse/ot EMD and Sinkhorn', process.execPath, ['check.cjs'], { cwd: otDir, env: childEnv({}), limit: LIMITS.command });
    log(`@otfuse/ot alone (${otInstalled.join(', ')}): EMD and Sinkhorn ok ${solved.out.trim()}`);

    report.ok = true;
    report.durations.total = Number(((Date.now() - started) / 1000).toFixed(1));
    log(`release:local passed in ${report.durations.total} s`);
    printSizes(report.packages);
  } catch (error) {
    report.error = error instanceof Error ? error.message : String(error);
    process.stderr.write(`\nrelease:local FAILED: ${report.error}\n`);
    if (!(error instanceof ReleaseError) && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    if (verdaccioLog.trim()) process.stderr.write(`verdaccio's log (last lines):\n${tail(verdaccioLog, 20)}\n`);
  } finally {
    try {
      await cleanup();
    } catch (error) {
      process.stderr.write(`release:local: cleanup failed: ${error.message}\n`);
      report.ok = false;
    }
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    if (args.report) fs.writeFileSync(args.report, JSON.stringify(report, null, 2));
  }
  return report.ok ? 0 : 1;
}

function printSizes(packages) {
  if (quiet) return;
  const rows = packages.map((p) => `  ${`${p.name}@${p.version}`.padEnd(28)} ${formatSize(p.size).padStart(10)} packed ${formatSize(p.unpackedSize).padStart(10)} unpacked ${String(p.files).padStart(4)} files`);
  process.stdout.write(`tarballs:\n${rows.join('\n')}\n`);
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error) => {
      process.stderr.write(`release:local FAILED: ${error.stack ?? error}\n`);
      process.exit(1);
    },
  );
}

module.exports = { main, unexpectedFiles, writeSafetensors };
