module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'extension',
  rootDir: __dirname,
};
