import { addExtensions } from '@otfuse/extension';
import { OT_SOLVER, SOLVERS, defineSolver, transportCost } from '@otfuse/ot';
import { createContainer } from '../container';

// A solver as a user registers one: one definition and one register line; its parameters come
// from the experiment file, validated, listed and passed to every solve.

/** The parameters of every solve of the toy solver, in call order. */
export const toySolverCalls: Record<string, unknown>[] = [];
/** Exact OT blended with the independent coupling by `mix`. */
export const toyBlend = defineSolver({
  id: 'toy-blend',
  description: 'exact OT blended with the independent coupling',
  parameters: [
    { name: 'mix', type: 'number', minimum: 0, maximum: 1, default: 0, description: 'weight of the independent coupling' },
    { name: 'algorithm', type: 'enum', values: ['network-simplex', 'assignment'], default: 'assignment', description: 'how the exact part is solved' },
  ],
  run: (mu, nu, cost, params) => {
    toySolverCalls.push({ ...params });
    const exact = SOLVERS.get('emd').solve(mu, nu, cost, { algorithm: params.algorithm });
    const mix = params.mix as number;
    const plan = Float64Array.from(exact.plan, (p, e) => (1 - mix) * p + mix * mu[Math.floor(e / nu.length)] * nu[e % nu.length]);
    return { plan, cost: transportCost(plan, cost) };
  },
});

/** A container with every built-in extension and the toy solver. */
export function containerWithToy() {
  const container = createContainer();
  addExtensions(container, OT_SOLVER, [toyBlend]);
  return container;
}
