module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'convnet',
  rootDir: __dirname,
};
