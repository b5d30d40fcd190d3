/** What one case reports: pass/fail and the numbers behind it. */
export interface CaseResult {
  pass: boolean;
  /** `key=value` numbers, printed in order on the result line. */
  numbers: Record<string, string | number>;
  /** Why it failed (or a note), one line. */
  note?: string;
}

export interface CaseContext {
  /** Soak duration in minutes (case 13). */
  soakMinutes: number;
  /** Progress lines (stderr), never on the result line. */
  log(message: string): void;
}

export interface ChaosCase {
  /** Kebab-case name printed on the result line. */
  name: string;
  /** The issue's case number. */
  issueCase: number;
  /** Short cases (< 20 s) also run in `npm test`. */
  short: boolean;
  /** Hard bound: the runner fails the case past this. */
  timeoutMs: (context: CaseContext) => number;
  run(context: CaseContext): Promise<CaseResult>;
}

/** `drain-one-of-three: PASS reconnected=99.9% (1998/2000), lost=0` */
export function formatResult(name: string, result: CaseResult): string {
  const numbers = Object.entries(result.numbers)
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');
  const parts = [numbers, result.note ? `(${result.note})` : ''].filter(Boolean).join(' ');
  return `${name}: ${result.pass ? 'PASS' : 'FAIL'} ${parts}`.trimEnd();
}

export const percent = (part: number, whole: number): string =>
  whole === 0 ? 'n/a' : `${((100 * part) / whole).toFixed(1)}%`;
