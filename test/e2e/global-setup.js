// The e2e layer's global setup (jest.config.js): the engine runs the built
// package and the plugin in processes of their own, so first rebuild dist/
// if a source is newer, then pack and install the plugin again if the build
// is newer than its installation.
module.exports = async function globalSetup() {
  await require("./build-if-stale.js")();
  await require("./plugin-home.js")();
};
