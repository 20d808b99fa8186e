module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'plugin-generator',
  rootDir: __dirname,
};
