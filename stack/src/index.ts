export { createStack, StackAbortedError, type CreateStackOptions, type Stack } from './create-stack.js';
export { parseCliOptions, USAGE, UsageError, type StackOptions } from './cli-options.js';
export type {
  RunningService,
  StackContext,
  StackFileDraft,
  StackNode,
  StackService,
} from './stack-context.js';
export { SERVICES } from './services/index.js';
export {
  createStickyEntry,
  sidNodeOf,
  type EntryStats,
  type StickyEntry,
  type StickyEntryOptions,
} from './sticky-entry.js';
export { DEV_JWT_AUDIENCE, DEV_JWT_ISSUER } from './dev-jwt.js';
