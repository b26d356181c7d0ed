module.exports = require('../../jest.preset.js')(__dirname, 'web-shared-feature-verify');
