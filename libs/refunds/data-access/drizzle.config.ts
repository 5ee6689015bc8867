import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './libs/refunds/data-access/src/schema.ts',
  out: './libs/refunds/data-access/migrations',
  schemaFilter: ['refunds'],
});
