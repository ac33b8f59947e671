import { Type, type Static } from 'typebox';

/**
 * GET /api/ingest-warnings (staff): what the archive corrected or left out when it stored the
 * instances of a study, as sentences, so a reader knows which values in the tag browser are not
 * the sender's. Only instances with warnings are listed; a proxied PACS lists none.
 */

export const IngestWarningsQuery = Type.Object(
  { StudyInstanceUID: Type.String({ pattern: '^[0-9]+(\\.[0-9]+)*$', maxLength: 64 }) },
  { additionalProperties: false },
);
export type IngestWarningsQuery = Static<typeof IngestWarningsQuery>;

export const IngestWarnings = Type.Object({
  instances: Type.Array(Type.Object({ sopInstanceUID: Type.String(), warnings: Type.Array(Type.String()) })),
});
export type IngestWarnings = Static<typeof IngestWarnings>;
