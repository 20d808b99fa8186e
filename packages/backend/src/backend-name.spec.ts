import { BACKEND_NAMES, isBackendName, parseBackendName } from './backend-name';
import { BackendError } from './errors';

describe('backend names', () => {
  it('lists the backends in fallback order', () => {
    expect(BACKEND_NAMES).toEqual(['node-gpu', 'node', 'wasm', 'cpu']);
  });

  it.each(BACKEND_NAMES)('accepts %s', (name) => {
    expect(isBackendName(name)).toBe(true);
    expect(parseBackendName(name, 'OTFUSE_BACKEND')).toBe(name);
  });

  it.each(['', 'WASM', 'tensorflow', 'webgl', 'gpu'])('rejects %j, naming the setting and the valid names', (value) => {
    expect(isBackendName(value)).toBe(false);
    let caught: unknown;
    try {
      parseBackendName(value, 'OTFUSE_BACKEND');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(BackendError);
    expect(caught).toMatchObject({
      code: 'BACKEND_INVALID_NAME',
      message: `OTFUSE_BACKEND=${JSON.stringify(value)} is not a backend; expected one of: node-gpu, node, wasm, cpu`,
    });
  });
});
