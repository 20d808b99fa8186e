import { parameterTypeLabel } from '@otfuse/extension';
import { createContainer } from '@otfuse/run';
import { parameterFallback, registeredKinds } from '../commands/extension-kinds';

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** The registered extensions and their parameters as Markdown: the README embeds this text. */
export function extensionsMarkdown(): string {
  const blocks: string[] = [];
  for (const { kind, members } of registeredKinds(createContainer())) {
    const rows = members.flatMap((item) => {
      const what = [item.description + (item.reference ? ` (${item.reference})` : ''), ...(item.details ?? [])].join('; ');
      const head = `| \`${item.id}\` | ${cell(what)} | | | |`;
      const params = item.parameters.map(
        (p) => `| | | \`${p.name}\` | \`${cell(parameterTypeLabel(p))}\` (${cell(parameterFallback(p))}) | ${cell(p.description)} |`,
      );
      return [head, ...params];
    });
    blocks.push(`**${kind.title}**, ${kind.usage}:\n\n| id | what | parameter | type | meaning |\n|---|---|---|---|---|\n${rows.join('\n')}`);
  }
  return blocks.join('\n\n');
}
