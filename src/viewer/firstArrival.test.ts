import { describe, expect, it, vi } from 'vitest';
import { afterFirstArrival, type ArrivalSource } from './firstArrival';

function fakeSource(cached: string[] = []) {
  const listeners = new Set<(imageId: string) => void>();
  const source: ArrivalSource = {
    isCached: (imageId) => cached.includes(imageId),
    onSettled(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { source, settle: (imageId: string) => [...listeners].forEach((listener) => listener(imageId)), listeners };
}

describe('afterFirstArrival', () => {
  it('waits for an image of the series to arrive, then goes once', () => {
    const { source, settle, listeners } = fakeSource();
    const go = vi.fn();
    afterFirstArrival(['a', 'b'], source, go);
    settle('other-series');
    expect(go).not.toHaveBeenCalled();
    settle('b');
    settle('a');
    expect(go).toHaveBeenCalledTimes(1);
    expect(listeners.size).toBe(0);
  });

  it('goes at once when an image of the series is cached already', () => {
    const go = vi.fn();
    afterFirstArrival(['a', 'b'], fakeSource(['b']).source, go);
    expect(go).toHaveBeenCalledTimes(1);
  });

  it('never goes once cancelled', () => {
    const { source, settle, listeners } = fakeSource();
    const go = vi.fn();
    afterFirstArrival(['a'], source, go)();
    settle('a');
    expect(go).not.toHaveBeenCalled();
    expect(listeners.size).toBe(0);
  });
});
