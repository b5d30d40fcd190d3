/* global process, setInterval, setTimeout */
// A realtime node (@sockscope/realtime) with instrument(io) attached, for fault injection.
// Test-only extras, by environment:
//   SOCKSCOPE_TEST_INSTRUMENT_TOKEN  the sidecar token (required)
//   SOCKSCOPE_TEST_KICK_ROOM         every SOCKSCOPE_TEST_KICK_INTERVAL_MS (default 300), the
//                                    server disconnects every socket in that room (a kick loop)
import { instrument } from '@sockscope/instrument';
import { createRealtimeNode, loadConfig } from '@sockscope/realtime';

const config = loadConfig(process.env, []);
const node = await createRealtimeNode(config);
const handle = instrument(node.io, {
  token: process.env.SOCKSCOPE_TEST_INSTRUMENT_TOKEN,
  node: node.id,
  batchIntervalMs: 250,
});
const kickRoom = process.env.SOCKSCOPE_TEST_KICK_ROOM;
if (kickRoom) {
  const every = Number(process.env.SOCKSCOPE_TEST_KICK_INTERVAL_MS ?? 300);
  setInterval(() => node.io.in(kickRoom).disconnectSockets(true), every).unref();
}
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  handle.setDraining(true);
  setTimeout(() => process.exit(1), config.drainTimeoutMs + 2000).unref();
  // io.close() inside drain(): the instrument sends the shutdown's disconnects before its own
  // namespace closes.
  void node.drain().then(() => {
    handle.flush();
    process.exit(0);
  });
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
