import type { z } from 'zod';

/** Names an option the way its source spells it: env var (and flag) or option field. */
export type OptionNamer = (field: string) => string;

export const envName = (field: string): string =>
  field.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();
export const flagName = (field: string): string =>
  `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** Bad configuration: the message names every wrong variable and what to do. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }

  static fromZod(error: z.ZodError, nameOf: OptionNamer): ConfigError {
    return new ConfigError(
      error.issues.map((issue) => {
        const field = issue.path[0];
        if (issue.code === 'unrecognized_keys') {
          return `unknown option(s): ${issue.keys.map(nameOf).join(', ')}`;
        }
        return `${typeof field === 'string' ? nameOf(field) : 'options'}: ${issue.message}`;
      }),
    );
  }
}
