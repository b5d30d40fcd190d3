// Preload (`NODE_OPTIONS="--require …/thread-memory.cjs"`) that prints every 3 s, to stderr,
// the RSS and V8 heap of each thread of the process it runs in (Artillery runs its VUs in a
// worker thread): where a load process's fixed memory goes.
const { isMainThread, threadId } = require('node:worker_threads');
const v8 = require('node:v8');

const mb = (bytes) => (bytes / 1e6).toFixed(1);
setInterval(() => {
  const heap = v8.getHeapStatistics();
  const thread = isMainThread ? 'main' : `worker ${threadId}`;
  process.stderr.write(
    `[thread-memory ${thread}] rss ${mb(process.memoryUsage.rss())} MB, heap used ${mb(heap.used_heap_size)} MB of ${mb(heap.total_heap_size)} MB\n`,
  );
}, 3000).unref();
