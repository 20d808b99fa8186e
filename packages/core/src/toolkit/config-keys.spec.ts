import { HF_BOOKKEEPING_KEYS, HF_GENERATION_KEYS, checkKnownKeys } from './config-keys';

describe('checkKnownKeys', () => {
  const keys = { read: ['model_type', 'hidden_size'], ignored: HF_BOOKKEEPING_KEYS };

  it('accepts keys read and keys ignored', () => {
    expect(() => checkKnownKeys({ model_type: 'x', hidden_size: 4, torch_dtype: 'float32', transformers_version: '4.57.0' }, keys, 'a toy')).not.toThrow();
  });

  it('refuses any other key, listing the keys it reads', () => {
    expect(() => checkKnownKeys({ hiden_size: 4 }, keys, 'a toy')).toThrow(
      "config.json › hiden_size: unknown key; a toy config.json is read from model_type, hidden_size (plus HuggingFace's bookkeeping keys)",
    );
    expect(() => checkKnownKeys({ max_length: 20 }, keys, 'a toy')).toThrow('config.json › max_length: unknown key');
  });

  it('keeps the two lists apart', () => {
    expect(HF_GENERATION_KEYS.filter((key) => HF_BOOKKEEPING_KEYS.includes(key))).toEqual([]);
  });
});
