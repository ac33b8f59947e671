import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Clock } from './clock';
import type { Store } from './store';

declare module 'fastify' {
  interface FastifyInstance {
    store: Store;
    /** The one clock that auth, sharing and audit read; tests move it instead of sleeping. */
    clock: Clock;
  }
}

interface StorePluginOptions {
  store: Store;
  clock: Clock;
}

/** Shared infrastructure (hence fastify-plugin): every access-control plugin reads the same store. */
export const storePlugin = fp(
  async (app: FastifyInstance, { store, clock }: StorePluginOptions) => {
    app.decorate('store', store);
    app.decorate('clock', clock);
    app.addHook('onClose', async () => await store.close());
  },
  { name: 'secondread-store', fastify: '5.x' },
);
