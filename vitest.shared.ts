import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests resolve `@jinku/*` through the same path map the type checker uses, so there is one source of truth.
const root = fileURLToPath(new URL('.', import.meta.url));
const { compilerOptions } = JSON.parse(readFileSync(`${root}tsconfig.base.json`, 'utf8')) as {
  compilerOptions: { paths: Record<string, string[]> };
};
const alias = Object.entries(compilerOptions.paths)
  .sort(([a], [b]) => b.length - a.length) // `@jinku/db/testing` before `@jinku/db`
  .map(([find, [target]]) => ({ find, replacement: `${root}${target}` }));

/** Integration tests share one PostgreSQL and Redis; each file makes its own database. */
export const integrationConfig = defineConfig({
  resolve: { alias },
  test: { include: ['src/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000 },
});
