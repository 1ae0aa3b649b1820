// The sandboxed processor for tests: BullMQ's child process loads this file with `import()`, which
// cannot load TypeScript; it registers the tests' swc hook (ts-register.js) and hands over the
// source of src/engine/sandboxed-processor.ts, so a child runs the code under test without a build.
'use strict';
require('./ts-register');
module.exports = require('../../src/engine/sandboxed-processor.ts');
