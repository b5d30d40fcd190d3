export { createExporter, type Exporter } from './create-exporter.js';
export type { AdminUiOptions, ExporterOptions } from './options.js';
export { OptionsError } from './resolve-options.js';
export { parseCli, CliError, HELP_TEXT } from './cli-args.js';
export { FEED_NAMESPACE } from './feed/create-feed.js';
