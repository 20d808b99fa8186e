import { checkModelClass, isModelClass } from './model-class';

describe('model class', () => {
  it('detects the model type, and the class where architectures are listed', () => {
    expect(isModelClass({ model_type: 'vit' }, 'vit', 'ViTForImageClassification')).toBe(true);
    expect(isModelClass({ model_type: 'vit', architectures: ['ViTForImageClassification'] }, 'vit', 'ViTForImageClassification')).toBe(true);
    expect(isModelClass({ model_type: 'vit', architectures: ['ViTModel'] }, 'vit', 'ViTForImageClassification')).toBe(false);
    expect(isModelClass({ model_type: 'vit', architectures: ['ViTModel'] }, 'vit')).toBe(true);
    expect(isModelClass({ model_type: 'bert' }, 'vit')).toBe(false);
  });

  it('refuses another model type or class, naming the key', () => {
    expect(() => checkModelClass({ model_type: 'vit' }, 'vit', 'ViTForImageClassification')).not.toThrow();
    expect(() => checkModelClass({ model_type: 'bert' }, 'vit')).toThrow("config.json › model_type: expected 'vit', got \"bert\"");
    expect(() => checkModelClass({ model_type: 'vit', architectures: ['ViTModel'] }, 'vit', 'ViTForImageClassification')).toThrow(
      "config.json › architectures: expected a list containing 'ViTForImageClassification', got [\"ViTModel\"]",
    );
  });
});
