import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * Where a file the apps read at run time (migrations, protos) is found. The build copies them next to the
 * bundle in their source layout (`dist/apps/server/proto/…`), so a built app runs without the checkout;
 * tests and tsx run from source and read the checkout's own.
 */
export function shippedPath(relative: string): string {
  // Inside an esbuild bundle __filename is the bundle; under vitest it is absent or a source file.
  const beside = typeof __filename === 'string' ? join(dirname(__filename), relative) : undefined;
  return beside && existsSync(beside) ? beside : join(workspaceRoot(), relative);
}

/** The folder holding nx.json: the checkout, found from JINKU_ROOT or the working directory. */
export function workspaceRoot(start = process.env['JINKU_ROOT'] ?? process.cwd()): string {
  let folder = resolve(start);
  while (!existsSync(join(folder, 'nx.json'))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error(`no nx.json above ${start}; set JINKU_ROOT to the Jinku checkout`);
    folder = parent;
  }
  return folder;
}
