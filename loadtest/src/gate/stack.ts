/** Reads `.sockscope/stack.json` (written by the local stack) for the gate. */
import { readFile } from 'node:fs/promises';
import type { StackFile } from '@sockscope/contracts';

export async function readStackFile(path: string): Promise<StackFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new Error(`--stack: cannot read ${path} (is the local stack running? start it with \`npm start\`)`);
  }
  const stack = JSON.parse(text) as StackFile;
  if (typeof stack.entry !== 'string' || !Array.isArray(stack.nodes) || !Array.isArray(stack.exporters) || !stack.jwt) {
    throw new Error(`--stack: ${path} is not a sockscope stack file`);
  }
  return stack;
}
