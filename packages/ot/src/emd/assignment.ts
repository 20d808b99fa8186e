/**
 * Linear assignment (Jonker–Volgenant): the permutation sigma minimising
 * sum_i cost[i*n + sigma(i)] for a dense n x n cost. Row and column reduction give feasible
 * duals and a first partial assignment, two rounds of augmenting row reduction
 * assign most remaining rows cheaply, and a shortest augmenting path (Dijkstra on reduced
 * costs) assigns the rest. Only column duals are stored; a row's dual is implied by its
 * assigned column, which always attains the row's minimum reduced cost.
 */

export interface AssignmentResult {
  /** Column assigned to each row. */
  rowToColumn: Int32Array;
  /** Sum of the assigned costs. */
  cost: number;
}

const UNASSIGNED = -1;
/** Augmenting row reduction rounds, as in the original method. */
const ROW_REDUCTION_ROUNDS = 2;

export function solveAssignment(cost: Float64Array, n: number): AssignmentResult {
  const rowToColumn = new Int32Array(n).fill(UNASSIGNED);
  const columnToRow = new Int32Array(n).fill(UNASSIGNED);
  const v = new Float64Array(n);
  const free = new Int32Array(n);

  let freeCount = rowColumnReduction(cost, n, v, rowToColumn, columnToRow, free);
  for (let round = 0; round < ROW_REDUCTION_ROUNDS && freeCount > 0; round++) {
    freeCount = augmentingRowReduction(cost, n, v, rowToColumn, columnToRow, free, freeCount);
  }
  const search = new PathSearch(n);
  for (let f = 0; f < freeCount; f++) search.augment(cost, v, rowToColumn, columnToRow, free[f]);

  let total = 0;
  for (let i = 0; i < n; i++) total += cost[i * n + rowToColumn[i]];
  return { rowToColumn, cost: total };
}

/**
 * Initial duals and partial assignment: u_i = min_j c_ij, then v_j = min_i (c_ij - u_i), so
 * every row and every column has a zero reduced cost; each row then takes the first free column
 * where its reduced cost is zero. (Reducing rows first copes with "hub" rows close to every
 * column, which leave almost every row free under column reduction alone.)
 * Returns the number of rows left free (listed in `free`).
 */
function rowColumnReduction(
  cost: Float64Array,
  n: number,
  v: Float64Array,
  rowToColumn: Int32Array,
  columnToRow: Int32Array,
  free: Int32Array,
): number {
  const u = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = i * n;
    let min = cost[row];
    for (let j = 1; j < n; j++) if (cost[row + j] < min) min = cost[row + j];
    u[i] = min;
  }
  v.fill(Number.POSITIVE_INFINITY);
  for (let i = 0; i < n; i++) {
    const row = i * n;
    const ui = u[i];
    for (let j = 0; j < n; j++) {
      const reduced = cost[row + j] - ui;
      if (reduced < v[j]) v[j] = reduced;
    }
  }
  let freeCount = 0;
  for (let i = 0; i < n; i++) {
    const row = i * n;
    const ui = u[i];
    let chosen = UNASSIGNED;
    for (let j = 0; j < n; j++) {
      // v_j was computed from this very difference, so a tight entry compares exactly equal.
      if (columnToRow[j] === UNASSIGNED && cost[row + j] - ui === v[j]) {
        chosen = j;
        break;
      }
    }
    if (chosen === UNASSIGNED) {
      free[freeCount++] = i;
    } else {
      rowToColumn[i] = chosen;
      columnToRow[chosen] = i;
    }
  }
  return freeCount;
}

/**
 * One round of augmenting row reduction: each free row takes the column of its smallest
 * reduced cost, lowering that column's dual to the second smallest, and evicts the column's
 * row, which is tried again at once when the dual strictly dropped. Returns the new number of
 * free rows. A step budget bounds rounds where duals drop by round-off-sized amounts; rows
 * left over are handed to the augmenting-path phase.
 */
function augmentingRowReduction(
  cost: Float64Array,
  n: number,
  v: Float64Array,
  rowToColumn: Int32Array,
  columnToRow: Int32Array,
  free: Int32Array,
  previousFree: number,
): number {
  let next = 0;
  let freeCount = 0;
  let budget = 8 * n + 64;
  while (next < previousFree) {
    if (budget-- === 0) {
      while (next < previousFree) free[freeCount++] = free[next++];
      break;
    }
    const i = free[next++];
    const row = i * n;
    let u1 = cost[row] - v[0];
    let j1 = 0;
    let u2 = Number.POSITIVE_INFINITY;
    let j2 = UNASSIGNED;
    for (let j = 1; j < n; j++) {
      const reduced = cost[row + j] - v[j];
      if (reduced < u2) {
        if (reduced >= u1) {
          u2 = reduced;
          j2 = j;
        } else {
          u2 = u1;
          j2 = j1;
          u1 = reduced;
          j1 = j;
        }
      }
    }
    let evicted = columnToRow[j1];
    const strictlyBetter = u1 < u2;
    if (strictlyBetter) {
      v[j1] -= u2 - u1;
    } else if (evicted !== UNASSIGNED && j2 !== UNASSIGNED) {
      j1 = j2;
      evicted = columnToRow[j2];
    }
    rowToColumn[i] = j1;
    columnToRow[j1] = i;
    if (evicted !== UNASSIGNED) {
      rowToColumn[evicted] = UNASSIGNED;
      if (strictlyBetter) free[--next] = evicted;
      else free[freeCount++] = evicted;
    }
  }
  return freeCount;
}

/** Shortest augmenting path search with buffers reused across free rows. */
class PathSearch {
  private readonly distance: Float64Array;
  private readonly predecessor: Int32Array;
  private readonly columns: Int32Array;

  constructor(private readonly n: number) {
    this.distance = new Float64Array(n);
    this.predecessor = new Int32Array(n);
    this.columns = new Int32Array(n);
  }

  /**
   * Columns are kept in `columns` as three runs: [0, low) done (distance final, below the
   * current minimum), [low, up) at the current minimum distance and waiting to be scanned,
   * [up, n) not reached at the minimum yet.
   */
  augment(cost: Float64Array, v: Float64Array, rowToColumn: Int32Array, columnToRow: Int32Array, start: number): void {
    const { n, distance, predecessor, columns } = this;
    const startRow = start * n;
    for (let j = 0; j < n; j++) {
      distance[j] = cost[startRow + j] - v[j];
      predecessor[j] = start;
      columns[j] = j;
    }
    let low = 0;
    let up = 0;
    let lastDone = -1;
    let min = 0;
    let endColumn = UNASSIGNED;
    while (endColumn === UNASSIGNED) {
      if (up === low) {
        lastDone = low - 1;
        min = distance[columns[up++]];
        for (let k = up; k < n; k++) {
          const j = columns[k];
          const d = distance[j];
          if (d <= min) {
            if (d < min) {
              up = low;
              min = d;
            }
            columns[k] = columns[up];
            columns[up++] = j;
          }
        }
        for (let k = low; k < up; k++) {
          if (columnToRow[columns[k]] === UNASSIGNED) {
            endColumn = columns[k];
            break;
          }
        }
        if (endColumn !== UNASSIGNED) break;
      }
      const j1 = columns[low++];
      const i = columnToRow[j1];
      const row = i * n;
      const offset = cost[row + j1] - v[j1] - min;
      for (let k = up; k < n; k++) {
        const j = columns[k];
        const d = cost[row + j] - v[j] - offset;
        if (d < distance[j]) {
          predecessor[j] = i;
          distance[j] = d;
          if (d === min) {
            if (columnToRow[j] === UNASSIGNED) {
              endColumn = j;
              break;
            }
            columns[k] = columns[up];
            columns[up++] = j;
          }
        }
      }
    }

    for (let k = 0; k <= lastDone; k++) {
      const j = columns[k];
      v[j] += distance[j] - min;
    }
    let j = endColumn;
    for (;;) {
      const i = predecessor[j];
      columnToRow[j] = i;
      const previous = rowToColumn[i];
      rowToColumn[i] = j;
      if (i === start) break;
      j = previous;
    }
  }
}
