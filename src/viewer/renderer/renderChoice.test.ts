import { describe, expect, it } from 'vitest';
import { chooseRenderMode, describeRenderChoice, isSoftwareRenderer } from './renderChoice';
import { readRenderOverride, RENDER_STORAGE_KEY } from './renderOverride';

// Renderer strings as Chromium, Firefox and Edge report them (WEBGL_debug_renderer_info).
const SWIFTSHADER =
  'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver-5.0.0)';
const LLVMPIPE = 'llvmpipe (LLVM 15.0.6, 256 bits)';
const WARP = 'ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0, D3D11)';
const NVIDIA = 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)';
const APPLE = 'Apple M2';
const INTEL = 'Mesa Intel(R) UHD Graphics 620 (KBL GT2)';

describe('software WebGL detection', () => {
  it('knows software rasterizers', () => {
    for (const renderer of [SWIFTSHADER, LLVMPIPE, WARP, 'softpipe', 'Google SwiftShader', 'Software Adapter'])
      expect(isSoftwareRenderer(renderer), renderer).toBe(true);
  });
  it('leaves graphics hardware alone', () => {
    for (const renderer of [NVIDIA, APPLE, INTEL, 'AMD Radeon Pro 5500M OpenGL Engine', ''])
      expect(isSoftwareRenderer(renderer), renderer).toBe(false);
  });
});

describe('render mode choice', () => {
  it('draws on the CPU for software WebGL and with WebGL on graphics hardware', () => {
    for (const renderer of [SWIFTSHADER, LLVMPIPE, WARP])
      expect(chooseRenderMode({ webgl2: true, renderer }, undefined)).toEqual({
        mode: 'cpu',
        reason: 'software-webgl',
        renderer,
      });
    for (const renderer of [NVIDIA, APPLE, INTEL])
      expect(chooseRenderMode({ webgl2: true, renderer }, undefined)).toEqual({ mode: 'gpu', reason: 'gpu', renderer });
  });
  it('keeps WebGL when the renderer is not named (no debug extension)', () => {
    expect(chooseRenderMode({ webgl2: true, renderer: '' }, undefined)).toMatchObject({ mode: 'gpu', reason: 'gpu' });
  });
  it('follows an explicit choice either way', () => {
    expect(chooseRenderMode({ webgl2: true, renderer: SWIFTSHADER }, 'gpu')).toMatchObject({
      mode: 'gpu',
      reason: 'requested',
    });
    expect(chooseRenderMode({ webgl2: true, renderer: NVIDIA }, 'cpu')).toMatchObject({
      mode: 'cpu',
      reason: 'requested',
    });
  });
  it('cannot use the GPU without WebGL2, whatever was asked', () => {
    expect(chooseRenderMode({ webgl2: false, renderer: NVIDIA }, 'gpu')).toMatchObject({
      mode: 'cpu',
      reason: 'no-webgl2',
    });
  });
  it('says which path and why', () => {
    const software = describeRenderChoice({ mode: 'cpu', reason: 'software-webgl', renderer: LLVMPIPE });
    expect(software.label).toBe('CPU: software WebGL');
    expect(software.title).toContain(LLVMPIPE);
    expect(software.title).toContain('render=gpu');
    expect(describeRenderChoice({ mode: 'gpu', reason: 'gpu', renderer: NVIDIA })).toEqual({
      label: 'GPU',
      title: `Drawn with WebGL on ${NVIDIA}`,
    });
    expect(describeRenderChoice({ mode: 'cpu', reason: 'no-webgl2', renderer: '' }).label).toBe('CPU: no WebGL2');
    expect(describeRenderChoice({ mode: 'gpu', reason: 'requested', renderer: SWIFTSHADER }).label).toBe('GPU');
  });
});

function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

describe('render override', () => {
  it('takes render=gpu|cpu from the URL and keeps it for the tab', () => {
    const storage = memoryStorage();
    expect(readRenderOverride('?StudyInstanceUIDs=1.2&render=gpu', storage)).toBe('gpu');
    expect(storage.items.get(RENDER_STORAGE_KEY)).toBe('gpu');
    expect(readRenderOverride('?StudyInstanceUIDs=1.2', storage)).toBe('gpu');
    expect(readRenderOverride('?render=cpu', storage)).toBe('cpu');
    expect(readRenderOverride('', storage)).toBe('cpu');
  });
  it('forgets it with render=auto and ignores anything else', () => {
    const storage = memoryStorage({ [RENDER_STORAGE_KEY]: 'cpu' });
    expect(readRenderOverride('?render=fast', storage)).toBe('cpu');
    expect(readRenderOverride('?render=auto', storage)).toBeUndefined();
    expect(storage.items.has(RENDER_STORAGE_KEY)).toBe(false);
    expect(readRenderOverride('', storage)).toBeUndefined();
    expect(readRenderOverride('', memoryStorage({ [RENDER_STORAGE_KEY]: 'quantum' }))).toBeUndefined();
    expect(readRenderOverride('?render=gpu', undefined)).toBe('gpu');
  });
});
