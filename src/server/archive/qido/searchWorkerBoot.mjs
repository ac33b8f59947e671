// Entry of a search worker thread (searchPool.ts) when the gateway runs from TypeScript through
// tsx (`npm run gateway`, vitest); the built gateway starts dist-server/searchWorker.js instead.
// A worker thread does not inherit every loader: register tsx in this thread, then load the worker.
import { register } from 'tsx/esm/api';

register();
await import('./searchWorker.ts');
