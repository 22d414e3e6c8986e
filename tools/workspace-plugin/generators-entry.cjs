// Nx runs a local plugin's .ts files only through @swc-node/register or ts-node, neither of which is
// installed; tsx is, so the generators are loaded through it.
const { require: tsxRequire } = require('tsx/cjs/api');

module.exports = tsxRequire('./src/index.ts', __filename);
