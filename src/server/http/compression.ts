import fastifyCompress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createCompressedAnswers, preferredEncoding } from './compressedAnswers';

/** JSON in every flavour the gateway answers: application/json, application/dicom+json, application/fhir+json. */
const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;

/** Answers smaller than this go as they are: compressing them saves less than the header costs. */
const COMPRESSION_THRESHOLD_BYTES = 1024;

/** Compressed copies of tagged answers (compressedAnswers.ts): hundreds of series' metadata. */
const COMPRESSED_COPIES_BYTES = 16 * 1024 * 1024;

/** Whether an answer of this Content-Type is compressed on the way out (brotli or gzip, as the client accepts). */
function isCompressedType(contentType: string | undefined): boolean {
  return contentType !== undefined && JSON_TYPE.test(contentType);
}

/**
 * Compresses JSON answers (QIDO, metadata, /api) for remote readers on slow links, and nothing
 * else: pixel data, instances and zips are compressed already or gain little for much CPU, and
 * their Content-Length and byte ranges describe the bytes as stored; the web app's files come
 * compressed from the build (@fastify/static preCompressed). Register before the routes.
 */
export const compression = fp(
  async (app: FastifyInstance) => {
    // @fastify/compress also compresses whatever mime-db calls compressible (application/octet-stream
    // among them) whatever customTypes says; its one per-answer opt-out is the x-no-compression
    // request header, so every answer that is not JSON gets it. This app-level hook runs before the
    // plugin's route-level one; request.headers reads through to raw.headers.
    const compressedCopy = createCompressedAnswers(COMPRESSED_COPIES_BYTES);
    app.addHook('onSend', async (request, reply, payload) => {
      const contentType = reply.getHeader('content-type');
      if (!isCompressedType(typeof contentType === 'string' ? contentType : undefined)) {
        request.raw.headers['x-no-compression'] = 'not-json';
        return payload;
      }
      // A whole answer with an entity tag (one that is asked again) is compressed once per coding
      // and kept; the plugin leaves an answer that already has its Content-Encoding alone.
      const etag = reply.getHeader('etag');
      const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
      const encoding = preferredEncoding(request.headers['accept-encoding']);
      if (reply.statusCode !== 200 || typeof etag !== 'string' || !Buffer.isBuffer(body) || !encoding) return payload;
      if (body.length < COMPRESSION_THRESHOLD_BYTES) return payload;
      const compressed = await compressedCopy(encoding, body);
      reply.header('content-encoding', encoding);
      reply.header('vary', [reply.getHeader('vary'), 'accept-encoding'].filter(Boolean).join(', '));
      reply.removeHeader('content-length');
      return compressed;
    });
    await app.register(fastifyCompress, {
      customTypes: JSON_TYPE,
      threshold: COMPRESSION_THRESHOLD_BYTES,
      encodings: ['br', 'gzip'],
      // Uploads (STOW) are read as sent: no request decompression.
      globalDecompression: false,
    });
  },
  { name: 'secondread-compression', fastify: '5.x' },
);
