// Entry of an HTJ2K encoder worker thread (encoder.ts) when the gateway runs from TypeScript through
// tsx (`npm run gateway`, vitest); the built gateway starts dist-server/encodeWorker.js instead.
// A worker thread does not inherit every loader: register tsx in this thread, then load the worker.
import { register } from 'tsx/esm/api';

register();
await import('./encodeWorker.ts');
