import { checkCaptureKeys } from './capture-keys';

describe('checkCaptureKeys', () => {
  it('accepts capturable keys', () => {
    expect(() => checkCaptureKeys(['layers.0'], ['layers.0', 'layers.1'], 'a layer of this MLP')).not.toThrow();
  });

  it('throws MISSING_ACTIVATION naming the key and what is capturable', () => {
    expect(() => checkCaptureKeys(['layers.0', 'layers.7'], ['layers.0', 'layers.1'], 'a layer of this MLP')).toThrow(
      "cannot capture 'layers.7': not a layer of this MLP; capturable: layers.0, layers.1",
    );
    expect(() => checkCaptureKeys(['x'], ['a'], 'a module', 'a (and its parts)')).toThrow("cannot capture 'x': not a module; capturable: a (and its parts)");
  });
});
