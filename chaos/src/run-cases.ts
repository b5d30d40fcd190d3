import { stopAll } from '@sockscope/testkit';
import { formatResult, type CaseContext, type CaseResult, type ChaosCase } from './chaos-case.js';

export interface CaseOutcome {
  name: string;
  result: CaseResult;
  line: string;
  durationMs: number;
}

/** Runs one case under its time bound; every process the testkit started is stopped after. */
export async function runCase(chaosCase: ChaosCase, context: CaseContext): Promise<CaseOutcome> {
  const started = Date.now();
  const bound = chaosCase.timeoutMs(context);
  let timer: NodeJS.Timeout | undefined;
  let result: CaseResult;
  try {
    result = await Promise.race([
      chaosCase.run(context),
      new Promise<CaseResult>((resolve) => {
        timer = setTimeout(
          () => resolve({ pass: false, numbers: {}, note: `timed out after ${bound} ms` }),
          bound,
        );
      }),
    ]);
  } catch (error) {
    result = {
      pass: false,
      numbers: {},
      note: error instanceof Error ? error.message : String(error),
    };
  } finally {
    clearTimeout(timer);
    await stopAll();
  }
  return {
    name: chaosCase.name,
    result,
    line: formatResult(chaosCase.name, result),
    durationMs: Date.now() - started,
  };
}
