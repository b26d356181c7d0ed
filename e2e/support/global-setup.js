require('./paths');
module.exports = require('./global-setup.ts').default;
