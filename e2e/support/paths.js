// Jest applies moduleNameMapper to test files but not to globalSetup/globalTeardown, so those
// resolve the workspace's @equip/* aliases through tsconfig-paths instead.
const { register } = require('tsconfig-paths');
const { join } = require('node:path');
const { compilerOptions } = require('../../tsconfig.base.json');

register({ baseUrl: join(__dirname, '..', '..'), paths: compilerOptions.paths });
