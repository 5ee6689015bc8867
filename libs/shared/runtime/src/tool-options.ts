import { parseArgs } from 'node:util';

/** A tool's options: `--name value` texts and `--flag` switches. */
export type ToolOptionSpec = Record<string, { type: 'string' } | { type: 'boolean' }>;

export interface ToolOptions<Spec extends ToolOptionSpec> {
  readonly values: { [Name in keyof Spec]?: Spec[Name]['type'] extends 'boolean' ? boolean : string };
  /** The option as a positive number, or `fallback` when not given; anything else stops with the usage. */
  positive(name: keyof Spec & string, fallback: number): number;
}

/**
 * Reads the command line of a bench or fault tool: `--help` prints `usage` and exits; a value that is not
 * what the option takes throws an error that ends with the usage.
 */
export function toolOptions<Spec extends ToolOptionSpec>(argv: string[], spec: Spec, usage: string): ToolOptions<Spec> {
  // Typed loosely here: the caller's view (`values`) is typed from its spec.
  const values = parseArgs({ args: argv, options: { ...spec, help: { type: 'boolean' } } }).values as Record<string, string | boolean | undefined>;
  if (values['help']) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  return {
    values: values as ToolOptions<Spec>['values'],
    positive(name, fallback) {
      const text = values[name] as string | undefined;
      const value = text === undefined ? fallback : Number(text);
      if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number\n${usage}`);
      return value;
    },
  };
}
