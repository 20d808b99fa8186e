import * as tf from '@tensorflow/tfjs';
import { ParameterTable } from './parameter-table';
import { byPluginName, storedName, storedTable } from './stored-names';

describe("a base model's stored names", () => {
  const table = new ParameterTable().layerNorm('bert.embeddings.LayerNorm', 4).linear('bert.pooler.dense', 4, 4).linear('classifier', 2, 4);

  it('drop the prefix its task models give its modules, and keep every other name and entry', () => {
    const stored = storedName('bert.');
    expect(storedTable(table, stored).names()).toEqual(['embeddings.LayerNorm.weight', 'embeddings.LayerNorm.bias', 'pooler.dense.weight', 'pooler.dense.bias', 'classifier.weight', 'classifier.bias']);
    expect([...storedTable(table, stored)][2][1]).toEqual({ shape: [4, 4], kind: 'linear', fanIn: 4 });
    expect(storedTable(table, storedName(undefined)).names()).toEqual(table.names());
  });

  it('read stored tensors under the names the plugin uses, without copying them', () => {
    const weight = tf.zeros([4, 4]);
    const params = byPluginName({ 'pooler.dense.weight': weight }, ['bert.pooler.dense.weight'], storedName('bert.'));
    expect(params['bert.pooler.dense.weight']).toBe(weight);
    weight.dispose();
  });
});
