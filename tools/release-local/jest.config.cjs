module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'release-local',
  rootDir: __dirname,
  // One end-to-end run: build, publish to a local verdaccio, install from it, run otfuse.
  testTimeout: 15 * 60 * 1000,
};
