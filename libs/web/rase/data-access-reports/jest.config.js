module.exports = require('../../jest.preset.js')(__dirname, 'web-rase-data-access-reports');
