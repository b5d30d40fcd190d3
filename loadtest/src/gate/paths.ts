/** Where the shipped scenarios, SLOs and the compiled processor live. */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** loadtest/ (this file is loadtest/dist/gate/paths.js once built). */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SCENARIOS_DIR = resolve(PACKAGE_ROOT, 'scenarios');
export const SLO_DIR = resolve(PACKAGE_ROOT, 'slo');
export const PROCESSOR_PATH = resolve(PACKAGE_ROOT, 'dist', 'processor', 'index.js');

/** A scenario name (`chat`) or a path to a YAML file. */
export function resolveScenario(nameOrPath: string): string {
  if (existsSync(nameOrPath)) return resolve(nameOrPath);
  const shipped = resolve(SCENARIOS_DIR, `${nameOrPath}.yml`);
  if (/^[a-z0-9-]+$/.test(nameOrPath) && existsSync(shipped)) return shipped;
  throw new Error(`--scenario: no file "${nameOrPath}" and no shipped scenario of that name (see ${SCENARIOS_DIR})`);
}

export function scenarioName(path: string): string {
  return path.replace(/^.*\//, '').replace(/\.ya?ml$/, '');
}

/** The shipped SLO of a scenario, when there is one. */
export function defaultSlo(scenarioPath: string): string | null {
  const candidate = resolve(SLO_DIR, `${scenarioName(scenarioPath)}.yml`);
  return existsSync(candidate) ? candidate : null;
}
