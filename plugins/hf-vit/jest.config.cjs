module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'hf-vit',
  rootDir: __dirname,
};
