import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export const GRAFANA = path.resolve(import.meta.dirname, '../..');
export const REPO = path.resolve(GRAFANA, '..');
export const DASHBOARDS_DIR = path.join(GRAFANA, 'dashboards');

/** Every JSON file under grafana/dashboards/, relative to it. */
export function committedDashboardFiles(): string[] {
  return readdirSync(DASHBOARDS_DIR, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.split(path.sep).join('/'))
    .sort();
}

export function readYaml<T>(file: string): T {
  return parse(readFileSync(file, 'utf8')) as T;
}
