import { describe, expect, it } from 'vitest';
import { SHORTCUTS, commandForKey } from './commands';

const press = (key: string, modifiers: Partial<Record<'ctrlKey' | 'altKey' | 'metaKey', boolean>> = {}) =>
  commandForKey({ key, ctrlKey: false, altKey: false, metaKey: false, ...modifiers });

describe('commandForKey', () => {
  it('maps navigation, presets and tools', () => {
    expect(press('ArrowDown')).toEqual({ type: 'scroll', delta: 1 });
    expect(press('Home')).toEqual({ type: 'firstImage' });
    expect(press('3')).toEqual({ type: 'windowChoice', index: 2 });
    expect(press('M')).toEqual({ type: 'tool', tool: 'Length' });
  });
  it('marks and steps through key images', () => {
    expect(press('K')).toEqual({ type: 'toggleKeyImage' });
    expect(press('n')).toEqual({ type: 'nextKeyImage' });
    expect(SHORTCUTS.map((shortcut) => shortcut.label)).toContain('Next key image');
  });
  it('keeps o for actual pixels and gives Shift+O to the overlay planes', () => {
    expect(press('o')).toEqual({ type: 'actualSize' });
    expect(press('O')).toEqual({ type: 'toggleOverlayPlanes' });
  });
  it('leaves modified and unknown keys to the browser', () => {
    expect(press('r', { ctrlKey: true })).toBeUndefined();
    expect(press('F5')).toBeUndefined();
  });
  it('binds each key once', () => {
    const keys = SHORTCUTS.flatMap((shortcut) => shortcut.keys);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
