export { instrument, type InstrumentHandle, type InstrumentState } from './instrument.js';
export type { InstrumentOptions, UserOf } from './instrument-options.js';
export { INSTRUMENT_VERSION } from './versions.js';
