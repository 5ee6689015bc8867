import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './libs/debt-redemption/data-access/src/schema.ts',
  out: './libs/debt-redemption/data-access/migrations',
  schemaFilter: ["debt_redemption"],
});
