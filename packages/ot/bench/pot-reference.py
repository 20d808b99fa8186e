"""Times the reference library (POT on NumPy) for ot.bench.ts, which starts this script.

Reads one JSON request per line on stdin and answers one JSON line on stdout:
  {"job": "sinkhorn" | "emd", "cost": path, "n0": int, "n1": int, "reg": float, "plan": path | null}
  -> {"seconds": float, "iterations": int | null, "version": str}
The cost file holds n0*n1 little-endian float32 values, row-major; the marginals are uniform
float64, as otfuse passes them. With "plan", the plan is written there as float64.
Only the solver call is timed, not the reading of the cost.
"""
import json
import sys
import time
import warnings

import numpy as np
import ot

warnings.simplefilter("ignore")


def solve(request):
    n0, n1 = request["n0"], request["n1"]
    cost = np.fromfile(request["cost"], dtype="<f4").reshape(n0, n1)
    mu = np.full(n0, 1.0 / n0)
    nu = np.full(n1, 1.0 / n1)
    iterations = None
    start = time.perf_counter()
    if request["job"] == "sinkhorn":
        plan, log = ot.sinkhorn(mu, nu, cost, request["reg"], log=True)
        iterations = int(log["niter"]) + 1
    else:
        plan = ot.emd(mu, nu, cost)
    seconds = time.perf_counter() - start
    if request.get("plan"):
        np.asarray(plan, dtype="<f8").tofile(request["plan"])
    return {"seconds": seconds, "iterations": iterations, "version": ot.__version__}


for line in sys.stdin:
    print(json.dumps(solve(json.loads(line))), flush=True)
