import baseConfig from '../../eslint.config.mjs';

// The server serves ECharts and CodeMirror to the browser from node_modules without importing them,
// so the dependency check cannot see their use; they are declared because the server needs them installed.
const [level, options] = baseConfig.find((config) => config.rules?.['@nx/dependency-checks']).rules['@nx/dependency-checks'];

export default [
  ...baseConfig,
  {
    files: ['**/package.json'],
    rules: {
      '@nx/dependency-checks': [level, { ...options, ignoredDependencies: ['echarts', 'codemirror', '@codemirror/lang-sql'] }],
    },
  },
];
