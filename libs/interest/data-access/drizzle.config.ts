import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './libs/interest/data-access/src/schema.ts',
  out: './libs/interest/data-access/migrations',
  schemaFilter: ["interest"],
});
