import fs from 'node:fs';
import { EXPERIMENT_SCHEMA, TRAIN_SCHEMA } from '@otfuse/run';
import { README_FILE, withGeneratedSections } from './readme-sections';

describe('README.md', () => {
  const readme = fs.readFileSync(README_FILE, 'utf8');

  it('holds the key tables generated from the schemas (run `npm run docs` after changing a schema)', () => {
    expect(readme).toBe(withGeneratedSections(readme));
  });

  it('documents every key of both file formats', () => {
    for (const spec of [...EXPERIMENT_SCHEMA, ...TRAIN_SCHEMA]) expect([spec.key, readme.includes(`\`${spec.key}\``)]).toEqual([spec.key, true]);
  });

  it('documents every command and option', () => {
    for (const text of ['otfuse fuse', 'otfuse train', 'otfuse list', 'otfuse otfusion-mnist', '--out', '--replace', '--quiet', '--train-size', '--wide-hidden', 'OTFUSE_DEBUG']) {
      expect([text, readme.includes(text)]).toEqual([text, true]);
    }
  });
});
