module.exports = {
  ...require('../../../../jest.preset.js'),
  displayName: 'server-runtime',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/src/**/*.int-spec.ts'],
};
