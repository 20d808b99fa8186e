module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'ot',
  rootDir: __dirname,
};
