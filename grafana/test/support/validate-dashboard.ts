import { sdkInterface, type SdkProperty } from './sdk-interfaces.js';

const SHAPES = {
  dashboard: sdkInterface('dashboard', 'Dashboard'),
  panel: sdkInterface('dashboard', 'Panel'),
  gridPos: sdkInterface('dashboard', 'GridPos'),
  variable: sdkInterface('dashboard', 'VariableModel'),
  annotation: sdkInterface('dashboard', 'AnnotationQuery'),
  promQuery: sdkInterface('prometheus', 'Dataquery').filter((p) => !p.name.startsWith('_')),
  dataSourceRef: sdkInterface('common', 'DataSourceRef'),
};

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function primitiveOk(type: string, value: unknown): boolean {
  const allowed = type.split('|').map((t) => t.trim());
  const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  if (allowed.some((t) => t === actual)) return true;
  // Only primitive declarations are checked here; enums, unions of literals and nested types
  // are checked by their own shapes or accepted.
  return !allowed.every((t) => ['string', 'number', 'boolean', 'null'].includes(t));
}

function checkShape(
  where: string,
  value: unknown,
  shape: SdkProperty[],
  problems: string[],
): value is Json {
  if (!isObject(value)) {
    problems.push(`${where}: not an object`);
    return false;
  }
  const known = new Set(shape.map((p) => p.name));
  for (const key of Object.keys(value))
    if (!known.has(key)) problems.push(`${where}: unknown property "${key}"`);
  for (const property of shape) {
    if (!(property.name in value)) {
      if (!property.optional) problems.push(`${where}: missing required "${property.name}"`);
      continue;
    }
    if (!primitiveOk(property.type, value[property.name])) {
      problems.push(`${where}.${property.name}: expected ${property.type}`);
    }
  }
  return true;
}

/**
 * Problems that would keep Grafana from loading a dashboard as sockscope means it: the SDK's
 * Dashboard/Panel/GridPos/VariableModel/AnnotationQuery/prometheus Dataquery shapes, unique
 * panel ids, a title and a data source on every panel and query, refIds unique per panel.
 */
export function validateDashboard(json: unknown): string[] {
  const problems: string[] = [];
  if (!checkShape('dashboard', json, SHAPES.dashboard, problems)) return problems;
  if (typeof json.uid !== 'string' || json.uid.length === 0 || json.uid.length > 40)
    problems.push('dashboard.uid: 1-40 characters');
  const templating = json.templating;
  if (!isObject(templating) || !Array.isArray(templating.list))
    problems.push('dashboard.templating.list: missing');
  else
    templating.list.forEach((v, i) =>
      checkShape(`templating.list[${i}]`, v, SHAPES.variable, problems),
    );
  const annotations = json.annotations;
  if (!isObject(annotations) || !Array.isArray(annotations.list))
    problems.push('dashboard.annotations.list: missing');
  else
    annotations.list.forEach((a, i) =>
      checkShape(`annotations.list[${i}]`, a, SHAPES.annotation, problems),
    );

  const panels = Array.isArray(json.panels) ? json.panels : [];
  if (panels.length === 0) problems.push('dashboard.panels: none');
  const ids = new Set<number>();
  panels.forEach((panel, i) => {
    const where = `panels[${i}]`;
    if (!checkShape(where, panel, SHAPES.panel, problems)) return;
    if (typeof panel.id !== 'number') problems.push(`${where}: no id`);
    else if (ids.has(panel.id)) problems.push(`${where}: duplicate id ${panel.id}`);
    else ids.add(panel.id);
    if (typeof panel.title !== 'string' || panel.title.trim() === '')
      problems.push(`${where}: no title`);
    checkShape(`${where}.gridPos`, panel.gridPos, SHAPES.gridPos, problems);
    if (!isObject(panel.datasource))
      problems.push(`${where} (${String(panel.title)}): no datasource`);
    else checkShape(`${where}.datasource`, panel.datasource, SHAPES.dataSourceRef, problems);
    const targets = Array.isArray(panel.targets) ? panel.targets : [];
    if (targets.length === 0) problems.push(`${where} (${String(panel.title)}): no queries`);
    const refIds = new Set<unknown>();
    targets.forEach((target, j) => {
      const at = `${where}.targets[${j}]`;
      if (!checkShape(at, target, SHAPES.promQuery, problems)) return;
      if (typeof target.expr !== 'string' || target.expr.trim() === '')
        problems.push(`${at}: no expr`);
      if (!isObject(target.datasource)) problems.push(`${at}: no datasource`);
      if (refIds.has(target.refId)) problems.push(`${at}: duplicate refId`);
      refIds.add(target.refId);
    });
  });
  return problems;
}
