// Shared Jest settings for the Angular side (apps/web and libs/web/**): jest-preset-angular on
// jsdom with zoneless change detection, and the workspace's path aliases read from
// tsconfig.base.json so a spec imports `@equip/...` exactly as the app does.
const path = require('node:path');
const { compilerOptions } = require('../../tsconfig.base.json');

const workspaceRoot = path.join(__dirname, '..', '..');
const moduleNameMapper = {};
for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
  moduleNameMapper[`^${alias.replace(/[/]/g, '\\/')}$`] = path.join(workspaceRoot, target);
}

/** @returns {import('jest').Config} */
module.exports = function webJestConfig(projectDir, displayName) {
  return {
    displayName,
    preset: 'jest-preset-angular',
    testEnvironment: 'jsdom',
    rootDir: projectDir,
    setupFilesAfterEnv: ['<rootDir>/setup-jest.ts', path.join(__dirname, 'city-setup.ts')],
    testMatch: ['<rootDir>/src/**/*.spec.ts'],
    moduleNameMapper,
  };
};
