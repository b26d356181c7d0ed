// `npx jest` runs every project's unit (*.spec.ts) and integration (*.int-spec.ts) tests;
// each project has its own jest.config.js. e2e/ has its own config (`npm run test:e2e`).
module.exports = {
  projects: ['<rootDir>/libs/**/jest.config.js', '<rootDir>/apps/*/jest.config.js'],
};
