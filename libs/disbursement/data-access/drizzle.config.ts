import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './libs/disbursement/data-access/src/schema.ts',
  out: './libs/disbursement/data-access/migrations',
  schemaFilter: ['disbursement'],
});
