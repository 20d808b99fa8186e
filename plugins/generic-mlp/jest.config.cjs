module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'generic-mlp',
  rootDir: __dirname,
};
