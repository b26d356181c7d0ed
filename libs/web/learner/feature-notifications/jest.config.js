module.exports = require('../../jest.preset.js')(__dirname, 'web-learner-feature-notifications');
