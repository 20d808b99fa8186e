import { parameterTypeLabel } from '@otfuse/extension';
import { createContainer } from '@otfuse/run';
import { parameterFallback, registeredKinds } from '../commands/extension-kinds';

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** The registered extensions and their parameters as Markdown: the README embeds this text. */
export function extensionsMarkdown(): string {
  const blocks: string[] = [];
  for (const { kind, members } of registeredKinds(createContainer())) {
    const rows = members.flatMap((item) => {
      const head = `| \`${item.id}\` | ${cell(item.description)}${item.reference ? ` (${cell(item.reference)})` : ''} | | | |`;
      const params = item.parameters.map(
        (p) => `| | | \`${p.name}\` | \`${cell(parameterTypeLabel(p))}\` (${cell(parameterFallback(p))}) | ${cell(p.description)} |`,
      );
      return [head, ...params];
    });
    blocks.push(`**${kind.title}**, parameters set under ${kind.setUnder}:\n\n| id | what | parameter | type | meaning |\n|---|---|---|---|---|\n${rows.join('\n')}`);
  }
  return blocks.join('\n\n');
}
