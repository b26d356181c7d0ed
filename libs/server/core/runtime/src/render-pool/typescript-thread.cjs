// Only for running from the TypeScript sources (Jest, ts benches): a pool thread gets this file
// with --require, so it can load `.ts` modules and the `@equip/*` path aliases. It compiles with
// SWC (a dev dependency, which is how Jest compiles too). The built api never uses it: there the
// thread's entry and the renderers are the `.js` files tsc wrote and tsc-alias made relative.
const { existsSync, readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

let root = __dirname;
while (!existsSync(join(root, 'tsconfig.base.json'))) {
  if (dirname(root) === root) throw new Error('tsconfig.base.json not found above ' + __dirname);
  root = dirname(root);
}
const { transformSync } = require(require.resolve('@swc/core', { paths: [root] }));
const tsconfigPaths = require(require.resolve('tsconfig-paths', { paths: [root] }));
const { paths } = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')).compilerOptions;
tsconfigPaths.register({ baseUrl: root, paths });
require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, 'utf8'), {
    filename,
    sourceMaps: 'inline',
    module: { type: 'commonjs' },
    jsc: { parser: { syntax: 'typescript', decorators: true }, target: 'es2022', transform: { legacyDecorator: true, decoratorMetadata: true } },
  });
  module._compile(code, filename);
};
