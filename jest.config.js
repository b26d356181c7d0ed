// `npx jest` runs every project's unit and integration tests; each project has its own jest.config.js.
module.exports = {
  projects: ['<rootDir>/libs/**/jest.config.js'],
};
