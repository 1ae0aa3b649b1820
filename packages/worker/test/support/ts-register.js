// A require hook for child processes of the tests: compiles TypeScript with swc as jest does
// (jest.preset.js) and resolves @xiaoyuan/schema to its source, so a child runs the code under
// test without a build. Usage: node -r ./ts-register.js child.ts
'use strict';
const Module = require('node:module');
const { readFileSync } = require('node:fs');
const { resolve } = require('node:path');
const { transformSync } = require('@swc/core');

const SCHEMA_SOURCE = resolve(__dirname, '../../../schema/src/index.ts');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolveFilename.call(this, request === '@xiaoyuan/schema' ? SCHEMA_SOURCE : request, ...rest);
};

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
      target: 'es2022',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
