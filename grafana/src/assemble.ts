import {
  AnnotationQueryBuilder,
  DashboardBuilder,
  DashboardCursorSync,
  type Dashboard,
} from '@grafana/grafana-foundation-sdk/dashboard';
import type { AnyPanel } from './panels.js';
import { standardVariables } from './variables.js';

export interface DashboardSpec {
  /** Stable uid: links and bookmarks survive regeneration. */
  uid: string;
  title: string;
  description: string;
  /** Folder under dashboards/ (Grafana folder via foldersFromFilesStructure). */
  folder: string;
  /** File name under the folder, without `.json`. */
  file: string;
  tags: string[];
  panels: AnyPanel[];
  /** Extra configuration (annotations, links). */
  extend?: (builder: DashboardBuilder) => void;
}

export interface GeneratedDashboard {
  folder: string;
  file: string;
  dashboard: Dashboard;
}

/** Grafana's own annotations and alert states, as every Grafana dashboard carries them. */
function builtInAnnotations(): AnnotationQueryBuilder {
  return new AnnotationQueryBuilder()
    .name('Annotations & Alerts')
    .builtIn(1)
    .type('dashboard')
    .datasource({ type: 'grafana', uid: '-- Grafana --' })
    .enable(true)
    .hide(true)
    .iconColor('rgba(0, 211, 255, 1)');
}

/** Builds a dashboard with the standard variables and panel ids 1..n in layout order. */
export function assemble(spec: DashboardSpec): GeneratedDashboard {
  const builder = new DashboardBuilder(spec.title)
    .uid(spec.uid)
    .description(spec.description)
    .tags(['sockscope', ...spec.tags])
    .editable()
    .tooltip(DashboardCursorSync.Crosshair)
    .timezone('utc')
    .time({ from: 'now-1h', to: 'now' })
    .refresh('30s')
    .variables(standardVariables())
    .annotation(builtInAnnotations());
  spec.extend?.(builder);
  spec.panels.forEach((panel, index) => builder.withPanel(panel.id(index + 1)));
  return { folder: spec.folder, file: spec.file, dashboard: builder.build() };
}
