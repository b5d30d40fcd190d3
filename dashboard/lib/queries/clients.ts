/** Exporter clients for server components and route handlers (discovery cached process-wide). */
export { exporterClients } from '../exporters/registry';
