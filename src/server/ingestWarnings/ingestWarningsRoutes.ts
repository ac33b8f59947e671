import type { FastifyInstance } from 'fastify';
import { IngestWarnings, IngestWarningsQuery } from '../../api/ingestWarnings';
import { ApiErrorBody } from '../../api/jsonTypes';
import { requireStaff } from '../auth/guards';
import type { DicomwebBackend } from '../dicomweb/backend';
import { recordAccess } from '../sharing/recordAccess';

const errors = { 400: ApiErrorBody, 401: ApiErrorBody, 403: ApiErrorBody };

/**
 * What ingest corrected in a study's instances, for the tag browser. Staff only: the sentences
 * quote the file's values, and a share or patient sees the study only as the viewer shows it.
 * Audited as a read of the study's metadata, which it is.
 */
export async function ingestWarningsRoutes(app: FastifyInstance, { backend }: { backend: DicomwebBackend }) {
  app.addHook('onRequest', requireStaff());

  app.get<{ Querystring: IngestWarningsQuery }>(
    '/api/ingest-warnings',
    { schema: { querystring: IngestWarningsQuery, response: { 200: IngestWarnings, ...errors } } },
    async (request) => {
      const study = request.query.StudyInstanceUID;
      await recordAccess(app, request, { kind: 'metadata', study });
      return { instances: (await backend.ingestWarnings?.(study)) ?? [] };
    },
  );
}
