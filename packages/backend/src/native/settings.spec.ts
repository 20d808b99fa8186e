import * as os from 'node:os';
import { BackendError } from '../errors';
import { readNativeForwardMode, readNativeMatmulSettings } from './settings';

describe('readNativeMatmulSettings', () => {
  const threads = os.availableParallelism();

  it('defaults to auto on os.availableParallelism() threads', () => {
    expect(readNativeMatmulSettings({})).toEqual({ mode: 'auto', threads });
    const blank = { OTFUSE_NATIVE_MATMUL: ' ', OTFUSE_THREADS: '' };
    expect(readNativeMatmulSettings(blank)).toEqual({ mode: 'auto', threads });
  });

  it.each([
    ['0', 'off'],
    [' 1 ', 'on'],
  ])('reads OTFUSE_NATIVE_MATMUL=%j as %s', (value, mode) => {
    expect(readNativeMatmulSettings({ OTFUSE_NATIVE_MATMUL: value }).mode).toBe(mode);
  });

  it.each([
    ['1', 1],
    [' 3 ', 3],
    ['16', 16],
  ])('reads OTFUSE_THREADS=%j as %i', (value, expected) => {
    expect(readNativeMatmulSettings({ OTFUSE_THREADS: value }).threads).toBe(expected);
  });

  function settingError(env: NodeJS.ProcessEnv): unknown {
    try {
      readNativeMatmulSettings(env);
    } catch (error) {
      return error;
    }
    return undefined;
  }

  it.each(['0', '-1', '1.5', '2x', 'two', '1e3', '0x10', '99999999999999999999'])(
    'rejects OTFUSE_THREADS=%j, naming the variable',
    (value) => {
      const error = settingError({ OTFUSE_THREADS: value });
      expect(error).toBeInstanceOf(BackendError);
      expect(error).toMatchObject({
        code: 'BACKEND_INVALID_SETTING',
        message:
          `OTFUSE_THREADS=${JSON.stringify(value)} is not a positive integer; it sets the threads of ` +
          `onnxruntime-node's matmul (unset: os.availableParallelism(), ${threads} here)`,
      });
    },
  );

  it.each(['yes', 'true', 'off', '2', 'on'])('rejects OTFUSE_NATIVE_MATMUL=%j, naming the variable', (value) => {
    expect(settingError({ OTFUSE_NATIVE_MATMUL: value })).toMatchObject({
      name: 'BackendError',
      code: 'BACKEND_INVALID_SETTING',
      message:
        `OTFUSE_NATIVE_MATMUL=${JSON.stringify(value)} is not valid; expected 0 (matmul on the wasm kernels) ` +
        'or 1 (require onnxruntime-node); unset uses onnxruntime-node when it loads',
    });
  });
});

describe('readNativeForwardMode', () => {
  it.each([
    [undefined, 'auto'],
    [' ', 'auto'],
    ['0', 'off'],
    [' 1', 'on'],
  ])('reads OTFUSE_NATIVE_FORWARD=%j as %s', (value, mode) => {
    expect(readNativeForwardMode(value === undefined ? {} : { OTFUSE_NATIVE_FORWARD: value })).toBe(mode);
  });

  it.each(['yes', 'off', '2'])('rejects OTFUSE_NATIVE_FORWARD=%j, naming the variable', (value) => {
    expect(() => readNativeForwardMode({ OTFUSE_NATIVE_FORWARD: value })).toThrow(
      expect.objectContaining({
        code: 'BACKEND_INVALID_SETTING',
        message:
          `OTFUSE_NATIVE_FORWARD=${JSON.stringify(value)} is not valid; expected 0 (forward passes on tfjs) ` +
          'or 1 (require them compiled for onnxruntime-node); unset compiles them where they translate',
      }),
    );
  });
});
