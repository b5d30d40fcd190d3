import { ConfigError, envName, flagName } from './config-error.js';
import { optionsSchema, type ResolvedOptions } from './options-schema.js';

const FIELDS = Object.keys(optionsSchema.shape);
const byEnv = new Map(FIELDS.map((field) => [envName(field), field]));
const byFlag = new Map(FIELDS.map((field) => [flagName(field), field]));

/**
 * Reads the node's configuration from the environment and `--kebab-case` flags (flags win),
 * validates it and applies defaults. Throws a ConfigError naming every bad variable.
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  argv: readonly string[] = process.argv.slice(2),
): ResolvedOptions {
  const raw: Record<string, string> = {};
  for (const [name, field] of byEnv) {
    const value = env[name];
    if (value !== undefined && value !== '') raw[field] = value;
  }
  const problems: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const eq = arg.indexOf('=');
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    const field = byFlag.get(flag);
    if (!field) {
      problems.push(`${arg}: unknown flag (known: ${[...byFlag.keys()].join(' ')})`);
      continue;
    }
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined) problems.push(`${flag}: expects a value`);
    else raw[field] = value;
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const result = optionsSchema.safeParse(raw);
  if (!result.success) {
    throw ConfigError.fromZod(result.error, (field) => `${envName(field)} (${flagName(field)})`);
  }
  return result.data;
}
