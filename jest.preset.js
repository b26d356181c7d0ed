// Shared Jest settings for server and shared projects: SWC compiles TypeScript with decorator
// metadata (Nest's dependency injection needs it), and compiles Nest 12's ESM packages to CommonJS
// because Jest's module system cannot require() an ES module the way Node 20.19+ can.
const { compilerOptions } = require('./tsconfig.base.json');
const path = require('node:path');

const moduleNameMapper = {};
for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
  moduleNameMapper[`^${alias.replace(/[/]/g, '\\/')}$`] = path.join(__dirname, target);
}

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

module.exports = {
  testEnvironment: 'node',
  moduleNameMapper,
  transform: { '^.+\\.(t|mj|j)s$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|nestjs-pino|file-type|strtok3|token-types|peek-readable|uint8array-extras|@tokenizer|load-esm|openid-client|oauth4webapi|jose|oidc-provider|marked)/)'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
};
