/**
 * Numbers of a traced graph as polynomials of its dynamic sizes. A graph traced at fixed sizes
 * holds its shapes as numbers (a reshape to `[batch·length, hidden]`, a range up to `length`);
 * traced at several sizes, each such number is fitted exactly over the monomials below, which the
 * reshapes, tiles and slices of a transformer's forward pass are (attention scores flattened
 * over `length²` included). Any other dependence fails the fit or the check at a further size.
 */

/** The dynamic sizes of one trace: the batch, and the sequence length where the input has one. */
export interface SizePoint {
  readonly batch: number;
  readonly length: number;
}

/** `batch^batch · length^length`: the exponents of one term. */
export interface Monomial {
  readonly batch: number;
  readonly length: number;
}

export const valueOf = (term: Monomial, point: SizePoint) => point.batch ** term.batch * point.length ** term.length;

/** `1, b` for inputs of a fixed shape but the batch; `1, b, s, bs, s², bs²` with a sequence axis. */
export function monomials(withLength: boolean): readonly Monomial[] {
  const exponents = withLength ? [0, 1, 2] : [0];
  return exponents.flatMap((length) => [0, 1].map((batch) => ({ batch, length })));
}

/** As many trace points as monomials, so that the fit is exact: batches 1 and 2, lengths `first` … `first + 2`. */
export function tracePoints(withLength: boolean, firstLength: number): SizePoint[] {
  const lengths = withLength ? [firstLength, firstLength + 1, firstLength + 2] : [firstLength];
  return lengths.flatMap((length) => [1, 2].map((batch) => ({ batch, length })));
}

/**
 * The integer coefficients, one per monomial, that give `values[i]` at `points[i]`; undefined
 * when none do (the number is not such a polynomial of the sizes).
 */
export function fitPolynomial(values: readonly number[], points: readonly SizePoint[], terms: readonly Monomial[]): number[] | undefined {
  const n = terms.length;
  // Gaussian elimination with partial pivoting on [M | v]; the system is small (at most 6×6).
  const rows = points.map((point, i) => [...terms.map((term) => valueOf(term, point)), values[i]]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(rows[r][col]) > Math.abs(rows[pivot][col])) pivot = r;
    if (rows[pivot][col] === 0) return undefined;
    [rows[col], rows[pivot]] = [rows[pivot], rows[col]];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const factor = rows[r][col] / rows[col][col];
      for (let c = col; c <= n; c++) rows[r][c] -= factor * rows[col][c];
    }
  }
  const coefficients = rows.map((row, i) => Math.round(row[n] / row[i]));
  const exact = points.every((point, i) => evaluate(coefficients, point, terms) === values[i]);
  return exact ? coefficients : undefined;
}

export function evaluate(coefficients: readonly number[], point: SizePoint, terms: readonly Monomial[]): number {
  return coefficients.reduce((sum, c, j) => sum + c * valueOf(terms[j], point), 0);
}
