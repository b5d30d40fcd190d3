import { randomBytes } from 'node:crypto';

/** engine.io session ids `<nodeId>.<random>`: a balancer can route by the prefix. */
export const createSessionIdGenerator = (nodeId: string) => (): string =>
  `${nodeId}.${randomBytes(15).toString('base64url')}`;

/** The node id a session id belongs to (undefined when it has no prefix). */
export const nodeIdOfSession = (sid: string): string | undefined => {
  const dot = sid.indexOf('.');
  return dot > 0 ? sid.slice(0, dot) : undefined;
};
