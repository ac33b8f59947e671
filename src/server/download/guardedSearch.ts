import type { DicomJsonDataset } from '../../dicom/json';
import type { Principal } from '../auth/principal';
import type { DicomwebBackend, RequestContext } from '../dicomweb/backend';
import type { SearchRequest } from '../dicomweb/request';
import { HttpError } from '../errors';
import { authorize } from '../sharing/authorize';

/** Rows asked for per page; the archive answers up to 10 000 instances per search. */
const PAGE = 1000;
const KEY_OF_LEVEL = { studies: '0020000D', series: '0020000E', instances: '00080018' } as const;

/**
 * Every match of a search, page by page, passed through authorize() exactly like a /dicomweb
 * search: a share sees only what its scope rewrites and filters the search to. Paging stops on
 * a short page without a truncation warning, or on a page that brings nothing new (a server that
 * ignores offset).
 */
export async function guardedSearch(
  principal: Principal,
  backend: DicomwebBackend,
  request: SearchRequest,
  context: RequestContext,
): Promise<DicomJsonDataset[]> {
  const key = KEY_OF_LEVEL[request.level];
  const found = new Map<string, DicomJsonDataset>();
  for (let offset = 0; ;) {
    const decision = authorize(principal, { ...request, limit: PAGE, offset });
    if (decision.effect === 'deny') throw new HttpError(decision.status, decision.code, decision.reason);
    const search = decision.effect === 'allow' ? { ...request, limit: PAGE, offset } : decision.search;
    if (search === null) return [];
    const result = await backend.search(search, context);
    let fresh = 0;
    for (const row of result.datasets) {
      const kept = decision.effect === 'allow' ? row : decision.filter(row);
      const uid = kept?.[key]?.Value?.[0];
      if (kept === undefined || typeof uid !== 'string' || found.has(uid)) continue;
      found.set(uid, kept);
      fresh++;
    }
    offset += result.datasets.length;
    if (fresh === 0 || (result.datasets.length < PAGE && result.warnings.length === 0)) break;
  }
  return [...found.values()];
}
