module.exports = require('../../libs/web/jest.preset.js')(__dirname, 'web');
