module.exports = require('../../jest.preset.js')(__dirname, 'web-lead-data-access');
