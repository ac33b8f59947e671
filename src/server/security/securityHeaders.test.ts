import { describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { contentSecurityPolicy, securityHeaders } from './securityHeaders';

describe('security headers', () => {
  it('forbid inline script, framing and referrers, on every response', async () => {
    const app = Fastify();
    await app.register(securityHeaders, { connectSrc: ['https://pacs.example.org'] });
    app.get('/api/x', async () => ({ ok: true }));
    app.get('/assets/app.js', async (_request, reply) => reply.type('text/javascript').send('1'));
    for (const url of ['/api/x', '/assets/app.js', '/missing']) {
      const response = await app.inject(url);
      const csp = String(response.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("connect-src 'self' https://pacs.example.org");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['x-robots-tag']).toBe('noindex, nofollow');
      expect(response.headers['strict-transport-security']).toBeUndefined();
    }
    expect((await app.inject('/api/x')).headers['cache-control']).toBe('no-store');
    expect((await app.inject('/assets/app.js')).headers['cache-control']).toBeUndefined();
  });

  it('add HSTS only over https', async () => {
    const app = Fastify({ trustProxy: true });
    await app.register(securityHeaders, { connectSrc: [] });
    app.get('/', async () => 'ok');
    expect(
      (await app.inject({ url: '/', headers: { 'x-forwarded-proto': 'https' } })).headers['strict-transport-security'],
    ).toBe('max-age=31536000');
    expect((await app.inject({ url: '/' })).headers['strict-transport-security']).toBeUndefined();
  });

  it('allow what Cornerstone needs: WASM codecs, module and blob workers, data/blob images, SVG style attributes', () => {
    const csp = contentSecurityPolicy([]);
    expect(csp).toContain("worker-src 'self' blob:");
    expect(csp).toContain("img-src 'self' data: blob:");
    expect(csp).toContain("style-src 'self'; style-src-attr 'unsafe-inline'");
    expect(csp).toContain("object-src 'none'");
  });
});
