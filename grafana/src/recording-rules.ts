import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/** prometheus/rules/ of this repository (the same from src/ and dist/). */
export const DEFAULT_RULES_DIR = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  'prometheus',
  'rules',
);

interface RuleFile {
  groups: { name: string; rules: { record?: string; alert?: string; expr: string }[] }[];
}

/** Every recording rule (name and expression) in the rule files of `dir`. */
export function recordingRules(
  dir: string = DEFAULT_RULES_DIR,
): { record: string; expr: string }[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.yml'))
    .sort()
    .flatMap((file) => (parse(readFileSync(path.join(dir, file), 'utf8')) as RuleFile).groups)
    .flatMap((group) => group.rules)
    .flatMap((rule) => (rule.record ? [{ record: rule.record, expr: rule.expr }] : []));
}

/** The distinct names recorded by the rules of `dir`. */
export function recordingRuleNames(dir: string = DEFAULT_RULES_DIR): Set<string> {
  return new Set(recordingRules(dir).map((rule) => rule.record));
}
