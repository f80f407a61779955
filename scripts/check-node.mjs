// Scripts must run on Node 24: the root devDependency "node" provides it in node_modules/.bin.
// If its install script was skipped, .bin/node dangles and npm silently falls back to the
// machine's Node, so fail loudly instead.
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  console.error(
    `Tillpoint needs Node >= 24 but scripts run on ${process.versions.node}. ` +
      'Re-run `npm install` so the "node" devDependency installs its binary.',
  );
  process.exit(1);
}
