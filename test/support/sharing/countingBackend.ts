import type { DicomwebBackend } from '../../../src/server/dicomweb/backend';
import type { SearchRequest } from '../../../src/server/dicomweb/request';

/** A backend that passes everything on to `backend` and keeps every search it was asked. */
export function countingSearches(backend: DicomwebBackend): { backend: DicomwebBackend; searches: SearchRequest[] } {
  const searches: SearchRequest[] = [];
  return {
    searches,
    backend: {
      name: backend.name,
      search: (request, context) => {
        searches.push(request);
        return backend.search(request, context);
      },
      retrieve: (request, context) => backend.retrieve(request, context),
      store: (request, input, context) => backend.store(request, input, context),
      ready: () => backend.ready(),
      close: () => backend.close(),
    },
  };
}
