module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'server-storage',
  rootDir: __dirname,
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/src/**/*.int-spec.ts'],
};
