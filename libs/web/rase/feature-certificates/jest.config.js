module.exports = require('../../jest.preset.js')(__dirname, 'web-rase-feature-certificates');
