import { DEFAULT_FUSION_OPTIONS, averagingWeights, resolveFusionOptions } from './options';

describe('fusion options', () => {
  it('fills defaults and makes the last model the anchor', () => {
    const options = resolveFusionOptions({ groundMetric: { squared: true } }, 3);
    expect(options.anchor).toBe(2);
    expect(options.groundMetric).toEqual({ ...DEFAULT_FUSION_OPTIONS.groundMetric, squared: true });
    expect(averagingWeights(options, 3)).toEqual([1 / 3, 1 / 3, 1 / 3]);
    expect(averagingWeights(resolveFusionOptions({ modelWeights: [1, 3] }), 2)).toEqual([0.25, 0.75]);
  });

  it.each([
    [{ mode: 'activations' }, "mode: expected 'acts' or 'wts', got 'activations'"],
    [{ residualPolicy: 'avg' }, 'residualPolicy: unknown policy \'avg\'; expected one of no_resid, only_resid, resid_as_identity, mean, weighted_scalar, weighted_matrix'],
    [{ qkFusion: 'both' }, "qkFusion: unknown mode 'both'; expected one of separate, eq_t_map, joint"],
    [{ sinkhornReg: 0 }, 'sinkhornReg: expected a positive number, got 0'],
    [{ anchor: 2 }, 'anchor: expected a model index in [0, 1], got 2'],
    [{ modelWeights: [1] }, 'modelWeights: expected 2 weights, got 1'],
    [{ groundMetric: { norm: 'l2' } }, "groundMetric.norm: unknown normalisation 'l2'; expected max, median, mean, log or none"],
  ])('rejects %j', (input, message) => {
    expect(() => resolveFusionOptions(input as never)).toThrow(message);
  });
});
