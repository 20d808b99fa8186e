/** A fused model at a corner of the plane: the method that made it. */
export interface PlaneCorner {
  method: string;
  label: string;
}

/** The measured plane: θ(u, v) = θ_anchor + u·(θ_u − θ_anchor) + v·(θ_v − θ_anchor), through the first two methods' models. */
export interface Landscape {
  /** The models at u = 1 and at v = 1 (absent in reports written before methods were configurable: OT fusion and vanilla fusion). */
  corners?: { u: PlaneCorner; v: PlaneCorner };
  /** Grid coordinates along the first method's model (u) and the second's (v), ascending; 0 and 1 are among both. */
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

/** Along anchor → model 0: as it is, and aligned to the anchor by the first method. */
export interface Barrier {
  /** The method whose alignment the aligned curve shows (absent in reports written before: OT fusion). */
  alignedBy?: PlaneCorner;
  t: number[];
  unaligned: number[];
  aligned: number[];
  metric: Landscape['metric'];
  samples: number;
  /** The model the curves end at. */
  model: number;
}
