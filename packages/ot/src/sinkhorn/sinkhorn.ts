import { checkProblem, type Matrix } from '../problem';
import { sinkhornLog } from './log-domain';
import { resolveSinkhornOptions, type SinkhornOptions, type SinkhornResult } from './options';
import { sinkhornPlain } from './plain';

/** Entropy-regularised optimal transport between `mu` (n0) and `nu` (n1), row-major n0 x n1 cost. */
export function sinkhorn(mu: Matrix, nu: Matrix, cost: Matrix, options: SinkhornOptions): SinkhornResult {
  const resolved = resolveSinkhornOptions(options);
  const { n0, n1 } = checkProblem('sinkhorn', mu, nu, cost);
  return resolved.method === 'log'
    ? sinkhornLog(mu, nu, cost, n0, n1, resolved)
    : sinkhornPlain(mu, nu, cost, n0, n1, resolved);
}
