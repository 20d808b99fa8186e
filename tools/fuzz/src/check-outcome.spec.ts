import { checkRefusal } from './check-outcome';

describe('a refusal the user can act on', () => {
  it('names the file and a field, without a stack', () => {
    expect(checkRefusal("otfuse: /x/model-a/model.safetensors: tensor 'w' has shape [3]", 'model-a/model.safetensors')).toBe(true);
    expect(checkRefusal('otfuse: /x/experiment.yaml:4: Nested mappings are not allowed', 'experiment.yaml')).toBe(true);
    expect(checkRefusal('otfuse: model.name_1: /x/m is not a folder', 'experiment.yaml')).toBe(true);
  });

  it('names, for something that is not a readable file, what was expected in its place', () => {
    expect(checkRefusal('otfuse: /x/model-a/config.json is a named pipe (FIFO); expected a JSON model config', 'model-a/config.json')).toBe(true);
    expect(checkRefusal('otfuse: /x/model-a/model.safetensors: permission denied; expected a safetensors file this user can read', 'model-a/model.safetensors')).toBe(true);
    expect(checkRefusal('otfuse: /x/model-a/model.safetensors is a folder', 'model-a/model.safetensors')).toBe(false);
  });

  it('is not a message without the file, without a field, or with a stack', () => {
    expect(checkRefusal("otfuse: tensor 'w' has shape [3]", 'model-a/model.safetensors')).toBe(false);
    expect(checkRefusal('otfuse: /x/model-a/model.safetensors: broken', 'model-a/model.safetensors')).toBe(false);
    expect(checkRefusal("otfuse: /x/model-a/config.json: 'a'\n    at f (/x/y.ts:1:2)", 'model-a/config.json')).toBe(false);
    expect(checkRefusal("/x/model-a/config.json: 'a'", 'model-a/config.json')).toBe(false);
  });
});
