import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './libs/revenue/data-access/src/schema.ts',
  out: './libs/revenue/data-access/migrations',
  schemaFilter: ["revenue"],
});
