import { z } from 'zod';

export interface ChaosCliOptions {
  /** Case names to run. @default every case */
  only: string[];
  /** Soak duration (case 13), minutes. @default 15 */
  soakMinutes: number;
  /** Only the short cases. @default false */
  shortOnly: boolean;
}

const schema = z.object({
  only: z.array(z.string().regex(/^[a-z0-9-]+$/, { error: 'expected case names' })),
  soakMinutes: z.coerce
    .number({ error: 'expected a number of minutes' })
    .positive({ error: 'expected a number of minutes > 0' })
    .max(240, { error: 'expected at most 240 minutes' }),
  shortOnly: z.boolean(),
});

export const USAGE = `usage: npm run chaos -w @sockscope/chaos -- [--only a,b] [--short] [--soak-minutes 15]
  --only <names>       comma list of case names (default: all)
  --short              only the short cases (those npm test runs)
  --soak-minutes <n>   soak duration of case 13 (default 15)`;

/** Parses argv; throws an Error naming the wrong flag. */
export function parseCliOptions(argv: readonly string[]): ChaosCliOptions {
  const raw = { only: [] as string[], soakMinutes: '15', shortOnly: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.split('=', 2) as [string, string | undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag}: expected a value`);
      return v;
    };
    if (flag === '--only') raw.only = value().split(',').filter(Boolean);
    else if (flag === '--soak-minutes') raw.soakMinutes = value();
    else if (flag === '--short') raw.shortOnly = true;
    else throw new Error(`${flag}: unknown flag`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue?.path[0] === 'soakMinutes' ? '--soak-minutes' : '--only';
    throw new Error(`${name}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
