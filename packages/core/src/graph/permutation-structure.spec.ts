import { GraphBuilder } from './builder';
import { resolvePermutations } from './permutation-structure';

/** embedding → attention → residual → norm → mlp (up, down) → residual → fixed head, with a tied decoder. */
function block() {
  const g = new GraphBuilder();
  const emb = g.embedding({ id: 'emb', param: 'emb.w' });
  const proj = (p: string) => ({ weight: `att.${p}.w`, bias: `att.${p}.b` });
  const att = g.attention({ id: 'att', input: emb, q: proj('q'), k: proj('k'), v: proj('v'), o: proj('o'), heads: 2 });
  const r1 = g.residual({ id: 'r1', skip: emb, branch: att });
  const ln = g.norm({ id: 'ln', params: ['ln.g', 'ln.b'], input: r1 });
  const up = g.linear({ id: 'up', weight: 'up.w', bias: 'up.b', input: ln });
  const down = g.linear({ id: 'down', weight: 'down.w', input: up });
  const r2 = g.residual({ id: 'r2', skip: ln, branch: down });
  g.linear({ id: 'head', weight: 'head.w', bias: 'head.b', input: r2, fixedOutput: true });
  g.tie({ id: 'decoder', param: 'decoder.w', sameAs: 'emb.w' });
  return g.build();
}

const shapes = new Map<string, number[]>([
  ['emb.w', [10, 4]],
  ...['q', 'k', 'v', 'o'].flatMap((p): [string, number[]][] => [[`att.${p}.w`, [4, 4]], [`att.${p}.b`, [4]]]),
  ['ln.g', [4]],
  ['ln.b', [4]],
  ['up.w', [6, 4]],
  ['up.b', [6]],
  ['down.w', [4, 6]],
  ['head.w', [3, 4]],
  ['head.b', [3]],
  ['decoder.w', [10, 4]],
]);

describe('permutation structure', () => {
  it('joins the residual stream into one class and keeps attention heads in their group', () => {
    const structure = resolvePermutations(block(), shapes);
    const summary = structure.classes.map((c) => ({ spaces: [...c.spaces].sort(), width: c.width, heads: c.heads, axes: c.axes.map((a) => `${a.param}@${a.axis}`).sort() }));
    expect(summary).toEqual([
      {
        spaces: ['att', 'down', 'emb'],
        width: 4,
        heads: undefined,
        axes: ['att.k.w@1', 'att.o.b@0', 'att.o.w@0', 'att.q.w@1', 'att.v.w@1', 'down.w@0', 'emb.w@-1', 'head.w@1', 'ln.b@-1', 'ln.g@-1', 'up.w@1'].sort(),
      },
      { spaces: ['att:qk'], width: 4, heads: { count: 2, group: 'att:heads' }, axes: ['att.k.b@0', 'att.k.w@0', 'att.q.b@0', 'att.q.w@0'] },
      { spaces: ['att:v'], width: 4, heads: { count: 2, group: 'att:heads' }, axes: ['att.o.w@1', 'att.v.b@0', 'att.v.w@0'] },
      { spaces: ['up'], width: 6, heads: undefined, axes: ['down.w@1', 'up.b@0', 'up.w@0'] },
    ]);
    expect(structure.copies).toEqual([{ param: 'decoder.w', of: 'emb.w' }]);
    expect(structure.unpermuted).toEqual(['head.b']);
  });

  it('names the parameter whose width disagrees with its class', () => {
    const wrong = new Map(shapes).set('down.w', [4, 5]);
    expect(() => resolvePermutations(block(), wrong)).toThrow("down.w: features 'up' are 6 wide ('up.w') but [4, 5] has 5 on axis 1");
  });
});
