import { randomBytes } from 'node:crypto';
import type { StackContext } from './stack-context.js';

const tokens = new WeakMap<StackContext, string>();

/**
 * The token the nodes serve instrument(io) with and their exporters log in with: one per stack
 * (new on every run), shared by the nodes and exporters services through their context.
 */
export function instrumentTokenOf(context: StackContext): string {
  let token = tokens.get(context);
  if (token === undefined) {
    token = randomBytes(24).toString('base64url');
    tokens.set(context, token);
  }
  return token;
}
