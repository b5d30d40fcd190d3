/** `.sockscope/stack.json`, written by the local stack (`npm start`) with mode 0600. */
export interface StackFile {
  /** The sticky entry point clients connect to. */
  entry: string;
  nodes: { id: string; url: string; pid?: number }[];
  exporters: { node: string; url: string; token: string; pid?: number }[];
  dashboard: { url: string; token: string } | null;
  prometheus: string | null;
  jwt: { alg: 'HS256'; secret: string; issuer: string; audience: string };
  /** pid of the stack's own process. */
  pid: number;
  startedAt: string;
}

export const STACK_FILE_PATH = '.sockscope/stack.json';
