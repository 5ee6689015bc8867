import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './libs/ledger/data-access/src/schema.ts',
  out: './libs/ledger/data-access/migrations',
  schemaFilter: ['ledger'],
});
