import fs from 'node:fs';
import { EXPERIMENT_SCHEMA, TRAIN_SCHEMA, createContainer } from '@otfuse/run';
import { registeredKinds } from '../commands/extension-kinds';
import { README_FILE, withGeneratedSections } from './readme-sections';

describe('README.md', () => {
  const readme = fs.readFileSync(README_FILE, 'utf8');

  it('holds the key tables generated from the schemas (run `npm run docs` after changing a schema)', () => {
    expect(readme).toBe(withGeneratedSections(readme));
  });

  it('documents every key of both file formats', () => {
    for (const spec of [...EXPERIMENT_SCHEMA, ...TRAIN_SCHEMA]) expect([spec.key, readme.includes(`\`${spec.key}\``)]).toEqual([spec.key, true]);
  });

  it('lists every registered member of every kind otfuse list shows, node kinds, alignment methods and tasks included', () => {
    for (const { kind, members } of registeredKinds(createContainer())) {
      expect([kind.title, readme.includes(`**${kind.title}**, `)]).toEqual([kind.title, true]);
      for (const { id } of members) expect([id, readme.includes(`| \`${id}\` |`)]).toEqual([id, true]);
    }
  });

  it('documents every command and option', () => {
    for (const text of ['otfuse fuse', 'otfuse train', 'otfuse list', 'otfuse otfusion-mnist', '--out', '--replace', '--quiet', '--train-size', '--wide-hidden', 'OTFUSE_DEBUG']) {
      expect([text, readme.includes(text)]).toEqual([text, true]);
    }
  });
});
