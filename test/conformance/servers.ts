import type { FastifyInstance } from 'fastify';
import { multipartParts } from '../proxy/gateway';
import type { Server } from './compareServers';

/** The two sides of a conformance comparison: Orthanc over HTTP, the gateway in-process. */

const BULK_ACCEPT = 'multipart/related; type="application/octet-stream"';
export const GATEWAY_HOST = 'gateway.test';
export const GATEWAY_ROOT = `http://${GATEWAY_HOST}/dicomweb`;

export function orthancServer(root: string): Server {
  return {
    root,
    async json(path) {
      const response = await fetch(`${root}${path}`, { headers: { accept: 'application/dicom+json' } });
      const text = await response.text();
      return { status: response.status, body: response.ok && text !== '' ? JSON.parse(text) : text };
    },
    async bulk(url) {
      const response = await fetch(url, { headers: { accept: BULK_ACCEPT } });
      if (!response.ok) return undefined;
      return multipartParts(response.headers.get('content-type'), new Uint8Array(await response.arrayBuffer()))[0]
        ?.body;
    },
  };
}

export function gatewayServer(app: FastifyInstance): Server {
  const get = (path: string, accept: string) =>
    app.inject({ method: 'GET', url: `/dicomweb${path}`, headers: { host: GATEWAY_HOST, accept } });
  return {
    root: GATEWAY_ROOT,
    async json(path) {
      const response = await get(path, 'application/dicom+json');
      return { status: response.statusCode, body: response.statusCode === 200 ? response.json() : response.body };
    },
    async bulk(url) {
      if (!url.startsWith(`${GATEWAY_ROOT}/`)) return undefined;
      const response = await get(url.slice(GATEWAY_ROOT.length), BULK_ACCEPT);
      if (response.statusCode !== 200) return undefined;
      return multipartParts(response.headers['content-type'], response.rawPayload)[0]?.body;
    },
  };
}
