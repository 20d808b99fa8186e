import { FusionError } from '../errors';
import { refuseConfig } from './config-refusal';

describe('refuseConfig', () => {
  it('throws BAD_OPTION naming config.json and the key', () => {
    const error = (() => {
      try {
        refuseConfig('hidden_size', 'expected a positive integer, got 0');
      } catch (e) {
        return e as FusionError;
      }
    })();
    expect(error).toBeInstanceOf(FusionError);
    expect(error?.code).toBe('BAD_OPTION');
    expect(error?.message).toBe('config.json › hidden_size: expected a positive integer, got 0');
  });
});
