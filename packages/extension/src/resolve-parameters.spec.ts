import { ExtensionError } from './errors';
import type { ParameterSpec } from './parameter-spec';
import { parameterTypeLabel } from './parameter-spec';
import { resolveParameters } from './resolve-parameters';

const specs: ParameterSpec[] = [
  { name: 'flag', type: 'boolean', default: false, description: 'a switch' },
  { name: 'count', type: 'integer', default: 3, minimum: 1, maximum: 10, description: 'how many' },
  { name: 'rate', type: 'number', default: 0.5, minimum: 0, exclusiveMinimum: true, description: 'a positive rate' },
  { name: 'mode', type: 'enum', values: ['fast', 'exact'], default: 'fast', description: 'which way' },
  { name: 'window', type: 'string', pattern: /window_[1-9][0-9]*/, patternLabel: "'window_<k>'", default: 'window_6', description: 'a window' },
  { name: 'dir', type: 'string', optional: true, description: 'a folder' },
];

function failure(given: Record<string, unknown>, list: readonly ParameterSpec[] = specs): ExtensionError {
  try {
    resolveParameters("toy 'w'", list, given);
  } catch (error) {
    expect(error).toBeInstanceOf(ExtensionError);
    return error as ExtensionError;
  }
  throw new Error('expected an ExtensionError');
}

describe('resolveParameters', () => {
  it('fills defaults, keeps given values and leaves optional ones out', () => {
    expect(resolveParameters("toy 'w'", specs)).toEqual({ flag: false, count: 3, rate: 0.5, mode: 'fast', window: 'window_6' });
    expect(resolveParameters("toy 'w'", specs, { flag: true, count: 10, rate: 2, mode: 'exact', window: 'window_12', dir: 'x' })).toEqual({
      flag: true,
      count: 10,
      rate: 2,
      mode: 'exact',
      window: 'window_12',
      dir: 'x',
    });
  });

  it('names the owner, the parameter and the expected type or bound', () => {
    expect(failure({ flag: 'yes' }).message).toBe("toy 'w': parameter 'flag' must be boolean, got 'yes'");
    expect(failure({ count: 0 }).message).toBe("toy 'w': parameter 'count' must be integer ≥ 1, ≤ 10, got 0");
    expect(failure({ count: 11 }).message).toBe("toy 'w': parameter 'count' must be integer ≥ 1, ≤ 10, got 11");
    expect(failure({ count: 2.5 }).message).toBe("toy 'w': parameter 'count' must be integer ≥ 1, ≤ 10, got 2.5");
    expect(failure({ rate: 0 }).message).toBe("toy 'w': parameter 'rate' must be number > 0, got 0");
    expect(failure({ rate: Number.NaN }).message).toBe("toy 'w': parameter 'rate' must be number > 0, got NaN");
    expect(failure({ mode: 'slow' }).message).toBe("toy 'w': parameter 'mode' must be 'fast' | 'exact', got 'slow'");
    expect(failure({ window: 'window_0' }).message).toBe("toy 'w': parameter 'window' must be 'window_<k>', got 'window_0'");
    expect(failure({ window: 'xwindow_3' }).parameter).toBe('window');
  });

  it('refuses unknown and missing parameters', () => {
    const unknown = failure({ cnt: 1 });
    expect(unknown.message).toBe("toy 'w': unknown parameter 'cnt'; its parameters: flag, count, rate, mode, window, dir");
    expect(unknown.parameter).toBe('cnt');
    expect(failure({ x: 1 }, []).message).toBe("toy 'w': unknown parameter 'x'; its parameters: (none)");
    const required: ParameterSpec[] = [{ name: 'path', type: 'string', description: 'the file' }];
    expect(failure({}, required).message).toBe("toy 'w': missing required parameter 'path' (the file)");
  });

  it('labels types for listings', () => {
    expect(specs.map(parameterTypeLabel)).toEqual(['boolean', 'integer ≥ 1, ≤ 10', 'number > 0', "'fast' | 'exact'", "'window_<k>'", 'string']);
  });
});
