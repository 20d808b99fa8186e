import { ARCHITECTURE, DATASET, Described, GROUND_METRIC, OT_SOLVER, registered } from '@otfuse/core';
import { Command } from 'commander';
import type { InjectionToken } from 'tsyringe';
import { createContainer } from '../container';

const SECTIONS: [string, InjectionToken<Described>][] = [
  ['architectures', ARCHITECTURE],
  ['OT solvers', OT_SOLVER],
  ['ground metrics', GROUND_METRIC],
  ['data sets', DATASET],
];

/** Everything registered, with descriptions and parameters: the same metadata the docs use. */
export function formatRegistry(): string {
  const container = createContainer();
  const lines: string[] = [];
  for (const [title, token] of SECTIONS) {
    lines.push(`${title}:`);
    for (const item of registered(container, token)) {
      lines.push(`  ${item.id.padEnd(24)} ${item.description}`);
      for (const p of item.parameters ?? []) {
        const fallback = p.default === undefined ? '' : ` (default ${JSON.stringify(p.default)})`;
        lines.push(`  ${''.padEnd(24)}   ${p.name}: ${p.type}${fallback} — ${p.description}`);
      }
    }
    lines.push('');
  }
  return lines.join('\n');
}

export function listCommand(): Command {
  return new Command('list')
    .description('list registered architectures, OT solvers, ground metrics and data sets')
    .action(() => {
      process.stdout.write(formatRegistry());
    });
}
