// Shared jest setup for the Node packages: swc with legacy decorators and metadata (STACK.md).
module.exports = {
  testEnvironment: 'node',
  setupFiles: ['reflect-metadata'],
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
          keepClassNames: true,
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  // Workspace packages are consumed from source in tests, so no build is needed before jest.
  moduleNameMapper: {
    '^@xiaoyuan/domain$': '<rootDir>/../domain/src/index.ts',
    '^@xiaoyuan/schema$': '<rootDir>/../schema/src/index.ts',
    '^@xiaoyuan/api$': '<rootDir>/../api/src/index.ts',
    '^@xiaoyuan/worker$': '<rootDir>/../worker/src/index.ts',
    '^@xiaoyuan/worker/testing$': '<rootDir>/../worker/src/testing.ts',
  },
  testTimeout: 60000,
};
