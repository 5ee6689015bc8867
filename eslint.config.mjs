import nx from '@nx/eslint-plugin';

// Lib boundaries: a lib may only use libs of its own scope or the shared scope, and layers only point
// inwards (app -> grpc -> data-access -> domain). Domain code stays free of I/O frameworks.
export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', '**/src/gen/**', '**/migrations/**', '.nx/**'] },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          banTransitiveDependencies: true,
          depConstraints: [
            // type:testing (processes a test or tool starts for itself) is for apps' tests and for tools.
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:grpc', 'type:data-access', 'type:domain', 'type:proto', 'type:runtime', 'type:testing'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:grpc', 'type:data-access', 'type:domain', 'type:proto', 'type:runtime', 'type:testing'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:runtime', onlyDependOnLibsWithTags: ['type:domain'] },
            { sourceTag: 'type:grpc', onlyDependOnLibsWithTags: ['type:grpc', 'type:data-access', 'type:domain', 'type:proto'] },
            { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:data-access', 'type:domain'] },
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: ['type:domain'],
              bannedExternalImports: ['drizzle-orm', 'drizzle-orm/*', 'postgres', '@grpc/*', 'bullmq', 'ioredis', 'pino'],
            },
            { sourceTag: 'type:proto', onlyDependOnLibsWithTags: ['type:proto'] },
            { sourceTag: 'scope:ledger', onlyDependOnLibsWithTags: ['scope:ledger', 'scope:shared'] },
            { sourceTag: 'scope:identity', onlyDependOnLibsWithTags: ['scope:identity', 'scope:shared'] },
            { sourceTag: 'scope:approvals', onlyDependOnLibsWithTags: ['scope:approvals', 'scope:ledger', 'scope:identity', 'scope:shared'] },
            { sourceTag: 'scope:interest', onlyDependOnLibsWithTags: ['scope:interest', 'scope:ledger', 'scope:approvals', 'scope:shared'] },
            { sourceTag: 'scope:revenue', onlyDependOnLibsWithTags: ['scope:revenue', 'scope:ledger', 'scope:seals', 'scope:approvals', 'scope:identity', 'scope:shared'] },
            { sourceTag: 'scope:refunds', onlyDependOnLibsWithTags: ['scope:refunds', 'scope:revenue', 'scope:seals', 'scope:ledger', 'scope:approvals', 'scope:identity', 'scope:shared'] },
            { sourceTag: 'scope:corrections', onlyDependOnLibsWithTags: ['scope:corrections', 'scope:refunds', 'scope:revenue', 'scope:seals', 'scope:ledger', 'scope:approvals', 'scope:identity', 'scope:shared'] },
            // revenue and refunds only for their tests' shared fixture (@jinku/refunds/testing: books with revenue in them).
            { sourceTag: 'scope:disbursement', onlyDependOnLibsWithTags: ['scope:disbursement', 'scope:refunds', 'scope:revenue', 'scope:seals', 'scope:ledger', 'scope:approvals', 'scope:identity', 'scope:shared'] },
            { sourceTag: 'scope:debt-redemption', onlyDependOnLibsWithTags: ['scope:debt-redemption', 'scope:disbursement', 'scope:seals', 'scope:ledger', 'scope:approvals', 'scope:identity', 'scope:shared'] },
            // refunds only for the tests' shared fixture (@jinku/refunds/testing).
            { sourceTag: 'scope:reconciliation', onlyDependOnLibsWithTags: ['scope:reconciliation', 'scope:revenue', 'scope:refunds', 'scope:disbursement', 'scope:seals', 'scope:ledger', 'scope:approvals', 'scope:identity', 'scope:shared'] },
            { sourceTag: 'scope:seals', onlyDependOnLibsWithTags: ['scope:seals', 'scope:ledger', 'scope:identity', 'scope:approvals', 'scope:shared'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            // The platform composes the contexts (their migrations in order) for the apps and tools.
            { sourceTag: 'scope:platform', onlyDependOnLibsWithTags: ['*'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // noUncheckedIndexedAccess makes every lookup optional; `!` marks the ones proven present.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
];
