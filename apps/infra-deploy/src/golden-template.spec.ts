import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stackName } from './platform-stack';
import { DEV, PROD, templateOf } from './template.test-support';

// Refresh after an intended change with: UPDATE_GOLDEN=1 npx nx test infra-deploy -- golden-template
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

describe('golden CloudFormation templates', () => {
  it.each([
    ['dev', DEV],
    ['prod', PROD],
  ])('the %s template is exactly the checked-in one', (_name, config) => {
    const path = join(__dirname, '__golden__', `${stackName(config)}.template.json`);
    const actual = `${JSON.stringify(templateOf(config), null, 1)}\n`;
    if (UPDATE) writeFileSync(path, actual);
    expect(actual).toBe(readFileSync(path, 'utf8'));
  });
});
