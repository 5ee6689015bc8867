import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './libs/seals/data-access/src/schema.ts',
  out: './libs/seals/data-access/migrations',
  schemaFilter: ["seals"],
});
