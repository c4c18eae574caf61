import type { CodegenConfig } from '@graphql-codegen/cli';

// Types come from the schema the api serves (held equal to the server by a test),
// so a schema change that breaks a screen breaks `npm run build`.
const config: CodegenConfig = {
  schema: '../tests/Callaro.Tests/Api/served-schema.approved.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**/*'],
  ignoreNoDocuments: true,
  generates: {
    './src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', Long: 'number', JSON: 'unknown', Upload: 'File' },
      },
    },
  },
};
export default config;
