import { Command } from 'commander';
import type { DependencyContainer } from 'tsyringe';
import { createContainer } from '@otfuse/run';
import { parameterLine, registeredKinds } from './extension-kinds';

/** Everything registered, with descriptions and typed parameters: the same metadata the docs use. */
export function formatRegistry(container: DependencyContainer = createContainer()): string {
  const lines: string[] = [];
  for (const { kind, members } of registeredKinds(container)) {
    lines.push(`${kind.title}: (${kind.usage.replace(/`/g, '')})`);
    for (const item of members) {
      lines.push(`  ${item.id.padEnd(24)} ${item.description}`);
      if (item.reference) lines.push(`  ${''.padEnd(24)}   see: ${item.reference}`);
      for (const detail of item.details ?? []) lines.push(`  ${''.padEnd(24)}   ${detail}`);
      for (const p of item.parameters) lines.push(`  ${''.padEnd(24)}   ${parameterLine(p)}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

export function listCommand(): Command {
  return new Command('list')
    .description('list registered architectures, node kinds, alignment methods, OT solvers, ground metrics, data sets and tasks, with their parameters')
    .action(() => {
      process.stdout.write(formatRegistry());
    });
}
