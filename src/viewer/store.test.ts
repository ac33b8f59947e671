import { describe, expect, it } from 'vitest';
import { DisposerList } from './disposers';
import { Store } from './store';

describe('Store', () => {
  it('notifies on change only, and unsubscribes', () => {
    const store = new Store({ count: 0 });
    let calls = 0;
    const unsubscribe = store.subscribe(() => calls++);
    store.update((state) => ({ count: state.count + 1 }));
    store.update((state) => state);
    expect([store.getState().count, calls]).toEqual([1, 1]);
    unsubscribe();
    expect(store.listenerCount).toBe(0);
  });
});

describe('DisposerList', () => {
  it('runs disposers once, last first, even when disposed twice', () => {
    const order: string[] = [];
    const list = new DisposerList();
    list.add(() => order.push('first'));
    list.add(() => order.push('second'));
    list.dispose();
    list.dispose();
    expect(order).toEqual(['second', 'first']);
  });
});
