module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'hf-gpt2',
  rootDir: __dirname,
};
