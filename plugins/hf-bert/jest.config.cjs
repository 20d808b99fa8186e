module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'hf-bert',
  rootDir: __dirname,
};
