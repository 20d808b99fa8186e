/** The measured plane: θ(u, v) = θ_anchor + u·(θ_OT − θ_anchor) + v·(θ_VF − θ_anchor). */
export interface Landscape {
  /** Grid coordinates along OT (u) and along vanilla fusion (v), ascending; 0 and 1 are among both. */
  u: number[];
  v: number[];
  /** `values[j][i]` at (u[i], v[j]). */
  values: number[][];
  /** What the values are: test accuracy, or test loss where the task has no accuracy. */
  metric: 'accuracy' | 'loss';
  /** Test examples each point was measured on. */
  samples: number;
  /** The grid and samples used and why: set in the file, or chosen to fit the time budget (absent in reports written before it existed). */
  sizing?: { grid: number; samples: number; source: 'set' | 'budget'; reason: string; budgetSeconds?: number; predictedSeconds?: number };
}

/** Along anchor → model 0: as it is, and aligned to the anchor by OT. */
export interface Barrier {
  t: number[];
  unaligned: number[];
  aligned: number[];
  metric: Landscape['metric'];
  samples: number;
  /** The model the curves end at. */
  model: number;
}
