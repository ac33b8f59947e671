// Entry of a search worker thread (searchPool.ts). The gateway runs its TypeScript through tsx
// (scripts/start.mjs, vitest), and a worker thread does not inherit every loader: register tsx
// in this thread, then load the worker itself.
import { register } from 'tsx/esm/api';

register();
await import('./searchWorker.ts');
