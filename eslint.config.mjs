import nx from '@nx/eslint-plugin';
import angular from 'angular-eslint';

const frameworks = ['@nestjs/*', '@angular/*', 'typeorm', 'bullmq', 'ioredis', 'pg', 'express', 'class-validator', 'class-transformer', 'rxjs'];

export default [
  { ignores: ['**/dist', '**/node_modules', '**/.nx', '**/.angular', 'e2e/artifacts', 'coverage', 'tmp', '.local'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          banTransitiveDependencies: false,
          allow: [],
          depConstraints: [
            // Shared code is used by every side, so it may use only shared code and no framework.
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'], bannedExternalImports: frameworks },
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts'], bannedExternalImports: frameworks },
            // The server never pulls in the browser app, and the browser never pulls in server code.
            { sourceTag: 'scope:server', onlyDependOnLibsWithTags: ['scope:server', 'scope:shared'], bannedExternalImports: ['@angular/*'] },
            {
              sourceTag: 'scope:web',
              onlyDependOnLibsWithTags: ['scope:web', 'scope:shared'],
              bannedExternalImports: ['@nestjs/*', 'typeorm', 'bullmq', 'ioredis', 'pg', 'argon2', 'nestjs-pino', 'passport*'],
            },
            { sourceTag: 'type:ui', onlyDependOnLibsWithTags: ['type:ui', 'type:domain', 'type:contracts'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  ...[
    ...angular.configs.tsRecommended.map((c) => ({ ...c, files: ['apps/web/**/*.ts', 'libs/web/**/*.ts'] })),
    { files: ['apps/web/**/*.ts', 'libs/web/**/*.ts'], processor: angular.processInlineTemplates },
    ...angular.configs.templateRecommended.map((c) => ({ ...c, files: ['apps/web/**/*.html', 'libs/web/**/*.html'] })),
    ...angular.configs.templateAccessibility.map((c) => ({ ...c, files: ['apps/web/**/*.html', 'libs/web/**/*.html'] })),
  ],
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'e2e/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Tool configuration files sit outside every project's source.
    files: ['**/jest.config.js', 'jest.preset.js', '**/jest.config.ts', 'e2e/**/*.js'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
];
