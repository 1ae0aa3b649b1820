import type { CodegenConfig } from '@graphql-codegen/cli';

// Types and typed document nodes for every GraphQL document in the app, generated from the schema
// the API emits (read from the local file: no server needed).
const config: CodegenConfig = {
  schema: '../schema/schema.graphql',
  documents: ['src/**/*.{ts,vue}', '!src/graphql/generated/**', '!src/**/*.spec.ts'],
  ignoreNoDocuments: false,
  generates: {
    'src/graphql/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        // String-literal unions: the app compares and lists plain strings.
        enumsAsTypes: true,
        strictScalars: true,
        scalars: {
          ID: 'string',
          Date: 'string',
          DateTime: 'string',
          Money: 'string',
          Period: 'string',
        },
        useTypeImports: true,
      },
    },
  },
};

export default config;
