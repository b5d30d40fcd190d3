import { watchNodeReadiness } from '../node-readiness.js';
import type { RunningService, StackContext, StackService } from '../stack-context.js';
import { createStickyEntry } from '../sticky-entry.js';

/** The sticky entry point in front of the nodes (needs the nodes service before it). */
export const entryService: StackService = {
  name: 'entry',
  async start(context: StackContext): Promise<RunningService> {
    const { options, logger, nodes } = context;
    const entry = await createStickyEntry({
      backends: nodes,
      host: options.host,
      port: options.port,
      logger,
    });
    const stopWatching = watchNodeReadiness({ nodes });
    context.file.entry = entry.url;
    logger.info({ url: entry.url }, 'entry listening');
    return {
      urls: [{ label: 'entry', url: entry.url }],
      async stop() {
        stopWatching();
        await entry.close();
      },
    };
  },
};
