import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './libs/reconciliation/data-access/src/schema.ts',
  out: './libs/reconciliation/data-access/migrations',
  schemaFilter: ['reconciliation'],
});
