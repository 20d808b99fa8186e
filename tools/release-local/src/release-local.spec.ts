// End to end: `npm run release:local` as CI runs it. It builds every package, publishes them to
// a throwaway verdaccio on 127.0.0.1, installs @otfuse/cli and @otfuse/ot from it into empty
// folders, runs `otfuse --help`, `otfuse list` and a tiny `otfuse fuse` there, and solves EMD
// and Sinkhorn with @otfuse/ot alone. Needs the npm registry (verdaccio's uplink for tfjs & co).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');
const script = path.join(root, 'tools', 'release-local', 'release-local.cjs');

interface Report {
  ok: boolean;
  error?: string;
  registry: string;
  durations: Record<string, number>;
  packages: { name: string; version: string; dir: string; size: number; unpackedSize: number; files: number }[];
  installed: { cli?: string[]; ot?: string[] };
}

function workspacePackageNames(): string[] {
  const names: string[] = [];
  for (const parent of ['packages', 'plugins']) {
    for (const entry of fs.readdirSync(path.join(root, parent))) {
      const manifest = path.join(root, parent, entry, 'package.json');
      if (!fs.existsSync(manifest)) continue;
      const json = JSON.parse(fs.readFileSync(manifest, 'utf8'));
      if (!json.private) names.push(json.name);
    }
  }
  return names.sort();
}

describe('npm run release:local', () => {
  it('publishes every package to a local registry, and the installed packages work', () => {
    const reportFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'release-local-spec-')), 'report.json');
    const env = { ...process.env };
    const args = [script, '--report', reportFile];
    if (process.env.RELEASE_LOCAL_SKIP_BUILD === '1') args.push('--skip-build');
    const result = spawnSync(process.execPath, args, { cwd: root, env, encoding: 'utf8', timeout: 14 * 60 * 1000, killSignal: 'SIGTERM' });
    const output = `${result.stdout}\n${result.stderr}`;
    if (result.status !== 0) throw new Error(`release:local exited with ${result.status ?? result.signal}:\n${output}`);

    const report: Report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
    fs.rmSync(path.dirname(reportFile), { recursive: true, force: true });
    expect(report.ok).toBe(true);
    expect(report.registry).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(report.packages.map((p) => p.name).sort()).toEqual(workspacePackageNames());
    for (const p of report.packages) expect(p.size).toBeLessThan(1024 * 1024);
    expect(report.installed.cli).toEqual(expect.arrayContaining(['@otfuse/cli', '@otfuse/core', '@otfuse/generic-mlp', '@tensorflow/tfjs']));
    expect(report.installed.ot).toEqual(['@otfuse/extension', '@otfuse/ot']);
    // The temp folder (registry storage, install folders) is gone, verdaccio is stopped.
    const dir = /storage in (\S+)\)/.exec(result.stdout)?.[1];
    expect(dir).toBeDefined();
    expect(fs.existsSync(dir as string)).toBe(false);
    // The script's own log (steps, tarball sizes) for CI's output.
    process.stdout.write(result.stdout);
  });
});
