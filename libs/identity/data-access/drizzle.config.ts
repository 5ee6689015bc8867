import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './libs/identity/data-access/src/schema.ts',
  out: './libs/identity/data-access/migrations',
  schemaFilter: ['identity'],
});
