/* global process, setInterval */
// Preload (`NODE_OPTIONS="--import …/thread-memory.mjs"`) that prints every 3 s, to stderr,
// the RSS and V8 heap of each thread of the process it runs in (Artillery runs its VUs in a
// worker thread): where a load process's fixed memory goes.
import { getHeapStatistics } from 'node:v8';
import { isMainThread, threadId } from 'node:worker_threads';

const mb = (bytes) => (bytes / 1e6).toFixed(1);
setInterval(() => {
  const heap = getHeapStatistics();
  const thread = isMainThread ? 'main' : `worker ${threadId}`;
  process.stderr.write(
    `[thread-memory ${thread}] rss ${mb(process.memoryUsage.rss())} MB, heap used ${mb(heap.used_heap_size)} MB of ${mb(heap.total_heap_size)} MB\n`,
  );
}, 3000).unref();
