import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { removeTempFolders, tempFolder, writeTinyRun } from '@otfuse/run/testing';
import { runCli } from '../cli';
import { EXIT_BAD_INPUT } from '../exit-codes';

// A folder or a named pipe where otfuse expects a file: exit 2 and one line that names the path
// and what belongs there, never a bare EISDIR (exit 1) or a read that waits on the pipe forever.
// (Unreadable files take the same path through @otfuse/io's openInputFile, tested there.)

const PLACES = [
  ['the experiment file', 'experiment.yaml', 'a YAML file'],
  ["model 0's weights", 'models/a/model.safetensors', 'a safetensors file'],
  ["model 1's config.json", 'models/b/config.json', 'a JSON model config'],
  ['the data file', 'data/digits.safetensors', 'a safetensors file'],
] as const;

const MISPLACE = {
  folder: (file: string) => fs.mkdirSync(file),
  'named pipe': (file: string) => execFileSync('mkfifo', [file]),
} as const;

afterAll(removeTempFolders);

describe.each(Object.keys(MISPLACE) as (keyof typeof MISPLACE)[])('a %s where otfuse fuse expects a file', (kind) => {
  it.each(PLACES)('as %s: exit 2 and one line naming %s and what was expected', async (_what, relative, expected) => {
    const dir = tempFolder();
    const experiment = writeTinyRun(dir);
    const file = path.join(dir, relative);
    fs.rmSync(file);
    MISPLACE[kind](file);
    let stderr = '';
    // A real run, not --dry-run: the data file is first opened when the work starts.
    const code = await runCli(['fuse', experiment, '--out', path.join(dir, 'out'), '-q'], { stdout: () => undefined, stderr: (text) => (stderr += text) });
    expect({ code, lines: stderr.split('\n').length - 1 }).toEqual({ code: EXIT_BAD_INPUT, lines: 1 });
    expect(stderr).toContain(`${file} is a ${kind}`);
    expect(stderr).toMatch(new RegExp(`; expected ${expected}\\n$`));
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });
});
