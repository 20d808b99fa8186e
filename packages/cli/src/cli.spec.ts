import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { FusionError } from '@otfuse/core';
import { DataError } from '@otfuse/data';
import { ModelFolderError, SafetensorsError, TorchCheckpointError } from '@otfuse/io';
import { removeTempFolders, tempFolder, writeFile } from '@otfuse/run/testing';
import { runCli } from './cli';
import { ConfigError } from '@otfuse/run';
import { EXIT_BAD_INPUT, EXIT_INTERNAL, exitCodeFor } from './exit-codes';

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

afterAll(removeTempFolders);

describe('otfuse exit codes', () => {
  it('exits 0 with help', async () => {
    const { code, stdout } = await run('--help');
    expect(code).toBe(0);
    expect(stdout).toMatch(/fuse \[options\] <experiment>/);
    expect(stdout).toMatch(/train \[options\] <config>/);
  });

  it('exits 2 on bad command lines', async () => {
    expect((await run('frobnicate')).code).toBe(EXIT_BAD_INPUT);
    const missing = await run('fuse');
    expect([missing.code, missing.stderr]).toEqual([EXIT_BAD_INPUT, "error: missing required argument 'experiment'\n"]);
    expect((await run('train', 'x.yaml', '--bogus')).code).toBe(EXIT_BAD_INPUT);
  });

  it('exits 2 on a missing or invalid experiment file, naming the problem on stderr', async () => {
    const dir = tempFolder();
    const missing = await run('fuse', path.join(dir, 'none.yaml'), '-q');
    expect([missing.code, missing.stderr]).toEqual([EXIT_BAD_INPUT, `otfuse: ${path.join(dir, 'none.yaml')}: no such file\n`]);
    const file = writeFile(dir, 'bad.yaml', 'model:\n  name_0: a\n  name_1: b\n  dataset: mnist\nfusion:\n  resid_polcy: mean\n');
    const bad = await run('fuse', file, '-q');
    expect(bad.code).toBe(EXIT_BAD_INPUT);
    expect(bad.stderr).toBe(`otfuse: ${file}: invalid configuration: fusion.resid_polcy: unknown key; did you mean 'resid_policy'?\n`);
    const noModels = writeFile(dir, 'no-models.yaml', 'model:\n  name_0: a\n  name_1: b\n  dataset: mnist\n');
    const absent = await run('fuse', noModels, '-q');
    expect([absent.code, absent.stderr]).toEqual([EXIT_BAD_INPUT, `otfuse: model.name_0: ${path.join(dir, 'a')} is not a folder\n`]);
    // The data section is checked before any model is opened.
    const badData = writeFile(dir, 'bad-data.yaml', 'model:\n  name_0: a\n  name_1: b\n  dataset: fashion-mnist\ndata:\n  dir: images\n');
    const data = await run('fuse', badData, '-q');
    expect([data.code, data.stderr]).toEqual([EXIT_BAD_INPUT, `otfuse: ${badData}: invalid data section: data.dir: data set 'fashion-mnist' reads no folder (its parameters: split, layout, mean, std)\n`]);
  });

  it('exits 2 with one line naming the file when a pytorch_model.bin cannot be read', async () => {
    const dir = tempFolder();
    writeFile(dir, 'a/config.json', '{}');
    const weights = writeFile(dir, 'a/pytorch_model.bin', 'not a checkpoint');
    const file = writeFile(dir, 'bin.yaml', 'model:\n  name_0: a\n  name_1: a\n  dataset: mnist\n');
    const result = await run('fuse', file, '-q');
    expect([result.code, result.stderr]).toEqual([EXIT_BAD_INPUT, `otfuse: ${weights}: not a zip file (16 bytes); expected a checkpoint written by torch.save\n`]);
  });

  it('maps error classes to exit codes', () => {
    expect(exitCodeFor(new ConfigError('INVALID_CONFIG', 'x'))).toBe(EXIT_BAD_INPUT);
    expect(exitCodeFor(new FusionError('SHAPE_MISMATCH', 'x'))).toBe(EXIT_BAD_INPUT);
    expect(exitCodeFor(new FusionError('GRAPH_INVALID', 'x'))).toBe(EXIT_INTERNAL);
    expect(exitCodeFor(new DataError('FILE_NOT_FOUND', 'x'))).toBe(EXIT_BAD_INPUT);
    expect(exitCodeFor(new SafetensorsError('ST_BAD_JSON', { file: 'f' }, 'x'))).toBe(EXIT_BAD_INPUT);
    expect(exitCodeFor(new TorchCheckpointError('PT_PICKLE_GLOBAL', { file: 'f' }, 'x'))).toBe(EXIT_BAD_INPUT);
    expect(exitCodeFor(new ModelFolderError('MF_NO_WEIGHTS', 'x', 'd'))).toBe(EXIT_BAD_INPUT);
    expect(exitCodeFor(new TypeError('x'))).toBe(EXIT_INTERNAL);
    expect(exitCodeFor('thrown text')).toBe(EXIT_INTERNAL);
  });

  it('sets the process exit code when run as a program', () => {
    const root = path.resolve(__dirname, '../../..');
    const result = spawnSync(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, 'main.ts'), 'fuse', 'no-such-experiment.yaml', '-q'], {
      cwd: tempFolder(),
      env: { ...process.env, SWC_NODE_PROJECT: path.join(root, 'tsconfig.base.json'), NODE_PATH: path.join(root, 'node_modules') },
      encoding: 'utf8',
      timeout: 60000,
    });
    expect([result.status, result.stderr.trim()]).toEqual([EXIT_BAD_INPUT, 'otfuse: no-such-experiment.yaml: no such file']);
  });
});
