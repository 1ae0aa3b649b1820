// The shared preset without its reflect-metadata setup: the domain has no decorators.
module.exports = { ...require('../../jest.preset.js'), setupFiles: [] };
