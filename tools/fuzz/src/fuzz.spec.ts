import { runFuzz } from './run-fuzz';

// A short run of `npm run fuzz` (which runs 10,000 cases): every kind of input, each case either
// accepted or refused with a message naming its file and field.
describe('the fuzz harness, briefly', () => {
  it('finds no crash, hang, oversized allocation or unclear refusal in 400 cases', async () => {
    const summary = await runFuzz({ seed: 7, cases: 400, caseTimeoutSeconds: 20, timeLimitSeconds: 240 });
    expect(summary.failures).toEqual([]);
    expect(summary.cases).toBe(400);
    for (const [kind, counts] of Object.entries(summary.byKind)) {
      // Each kind exercises both outcomes, so the cases reach past the first check.
      expect([kind, counts.accepted > 0, counts.refused > counts.accepted]).toEqual([kind, true, true]);
    }
    expect(Object.keys(summary.errors).length).toBeGreaterThan(15);
  }, 300_000);
});
