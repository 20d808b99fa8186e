import { initBackend } from '@otfuse/backend';
import { silentProgress } from '@otfuse/run';
import { OTFUSION_MNIST_DEFAULTS, ResultRow, formatTable, runOtfusionMnist } from './otfusion-mnist';

// OTFusion's classic result on a subset of real MNIST: independently trained MLPs collapse when
// averaged, and keep most of their accuracy when aligned with OT first. Measured with these
// settings: parents 78.0% / 77.3%, OT 73.7–76.0%, vanilla 38.0%, wide → anchor 77.3%.
describe('OTFusion on MNIST (subset)', () => {
  let rows: ResultRow[];
  const accuracy = (prefix: string) => {
    const row = rows.find((r) => r.model.startsWith(prefix));
    if (!row) throw new Error(`no row '${prefix}' in\n${formatTable(rows)}`);
    return row.accuracy;
  };

  beforeAll(async () => {
    await initBackend({ force: 'wasm', log: () => undefined });
    rows = await runOtfusionMnist({ ...OTFUSION_MNIST_DEFAULTS, trainSize: 4000, testSize: 1000, epochs: 1, activationSamples: 200 }, silentProgress());
  });

  it('trains parents well above chance', () => {
    expect(accuracy('parent 0')).toBeGreaterThan(0.7);
    expect(accuracy('anchor')).toBeGreaterThan(0.7);
  });

  it('OT fusion beats vanilla averaging one-shot by a wide margin', () => {
    const vanilla = accuracy('vanilla');
    for (const label of ['OT fusion (activations, EMD)', 'OT fusion (weights, EMD)', 'OT fusion (activations, Sinkhorn']) {
      expect(accuracy(label)).toBeGreaterThan(vanilla + 0.3);
    }
  });

  it('fuses a wider parent into the anchor widths and keeps it useful', () => {
    expect(accuracy('OT fusion wide')).toBeGreaterThan(0.6);
  });
});
