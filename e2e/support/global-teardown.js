require('./paths');
module.exports = require('./global-teardown.ts').default;
