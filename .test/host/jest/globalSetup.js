// Packages the apps the integration files install (ShiftLink and the echo fixture) once per jest run,
// before any file starts. packageApp caches zips by content, so each file's own packageApp call then only
// hashes the sources: no file pays for a compilation inside its 60 s beforeAll on a cold, loaded machine.
// The zip is the same for every ENGINE (compiled against the default engine's definitions, as `rc-apps
// package` does): one package, uploaded to Rocket.Chat 6.13 as to 8.x.
const path = require('path');
const { buildSync } = require('esbuild');
const { nodeBundleOptions } = require('../engines/engines');

module.exports = async function packageOnce() {
    const root = path.resolve(__dirname, '..', '..', '..');
    const outfile = path.join(root, '.tmp', 'run', `packageApp.${process.pid}.js`);
    buildSync({ ...nodeBundleOptions(), entryPoints: [path.join(root, '.test', 'host', 'packageApp.ts')], outfile });
    const { packageApp, fixtureDir } = require(outfile);
    const started = Date.now();
    await Promise.all([packageApp(root), packageApp(fixtureDir('echo-app'))]);
    if (Date.now() - started > 1000) {
        console.log(`\npackaged the apps in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
};
