import { DEFAULT_FUSION_OPTIONS, FusionOptionsInput, averagingWeights, fusionDefault, resolveFusionOptions, setFusionOption } from './options';

describe('fusion options', () => {
  it('fills defaults and makes the last model the anchor', () => {
    const options = resolveFusionOptions({ groundMetric: { params: { squared: true }, norm: undefined } }, 3);
    expect(options.anchor).toBe(2);
    expect(options.groundMetric).toEqual({ ...DEFAULT_FUSION_OPTIONS.groundMetric, params: { squared: true } });
    expect(averagingWeights(options, 3)).toEqual([1 / 3, 1 / 3, 1 / 3]);
    expect(averagingWeights(resolveFusionOptions({ modelWeights: [1, 3] }), 2)).toEqual([0.25, 0.75]);
  });

  it("defaults to the paper's experiment file", () => {
    expect(DEFAULT_FUSION_OPTIONS).toMatchObject({ mode: 'acts', solver: 'sinkhorn', sinkhornReg: 0.08, residualPolicy: 'mean', weightsNorm: true });
    expect(DEFAULT_FUSION_OPTIONS.acts).toEqual({ std: true, center: true, norm: true });
    expect(DEFAULT_FUSION_OPTIONS.groundMetric).toMatchObject({ type: 'euclidean', norm: 'max', reg: 0.01, clipMin: 5, clipMax: 0 });
  });

  it('reads and sets options by path', () => {
    expect([fusionDefault('solver'), fusionDefault('groundMetric.reg'), fusionDefault('acts.center'), fusionDefault('acts.pcaK')]).toEqual(['sinkhorn', 0.01, true, undefined]);
    const input: FusionOptionsInput = {};
    setFusionOption(input, 'solver', 'emd');
    setFusionOption(input, 'groundMetric.norm', 'median');
    setFusionOption(input, 'groundMetric.clip', true);
    expect(input).toEqual({ solver: 'emd', groundMetric: { norm: 'median', clip: true } });
    expect(resolveFusionOptions(input).groundMetric).toEqual({ ...DEFAULT_FUSION_OPTIONS.groundMetric, norm: 'median', clip: true });
  });

  it('keeps a default where the input holds undefined', () => {
    expect(resolveFusionOptions({ solver: undefined, acts: { std: undefined } }).solver).toBe('sinkhorn');
    expect(resolveFusionOptions({ acts: { std: undefined } }).acts.std).toBe(true);
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
