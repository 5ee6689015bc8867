import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './libs/approvals/data-access/src/schema.ts',
  out: './libs/approvals/data-access/migrations',
  schemaFilter: ["approvals"],
});
