import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './libs/corrections/data-access/src/schema.ts',
  out: './libs/corrections/data-access/migrations',
  schemaFilter: ['corrections'],
});
