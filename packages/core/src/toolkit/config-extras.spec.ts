import { withExtras } from './config-extras';

describe('withExtras', () => {
  it('adds keys', () => {
    expect(withExtras({ model_type: 'vit' }, { transformers_version: '4.57.0' })).toEqual({ model_type: 'vit', transformers_version: '4.57.0' });
  });

  it('refuses to replace a key written from the model config', () => {
    expect(() => withExtras({ model_type: 'vit' }, { model_type: 'bert' })).toThrow("config.json › model_type: extras may only add keys; 'model_type' is written from the model config");
  });
});
