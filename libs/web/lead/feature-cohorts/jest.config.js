module.exports = require('../../jest.preset.js')(__dirname, 'web-lead-feature-cohorts');
