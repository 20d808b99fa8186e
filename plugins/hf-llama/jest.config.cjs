module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'hf-llama',
  rootDir: __dirname,
};
