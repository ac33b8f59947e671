import type { DicomJsonDataset, DicomJsonElement, DicomJsonValue } from '../../../dicom/json';

/**
 * Copy of `dataset` whose relative BulkDataURIs ("bulk/7FE00010", also inside sequence items)
 * are resolved against the instance URL, as PS3.18 F.2.6 wants absolute URIs. Absolute ones
 * are kept.
 */
export function absoluteBulkDataUris(dataset: DicomJsonDataset, instanceUrl: string): DicomJsonDataset {
  const out: DicomJsonDataset = {};
  for (const [tag, element] of Object.entries(dataset)) out[tag] = resolveElement(element, instanceUrl);
  return out;
}

function resolveElement(element: DicomJsonElement, instanceUrl: string): DicomJsonElement {
  const { BulkDataURI, Value } = element;
  if (BulkDataURI !== undefined && !/^[a-z][a-z0-9+.-]*:/i.test(BulkDataURI)) {
    return { ...element, BulkDataURI: `${instanceUrl}/${BulkDataURI.replace(/^\/+/, '')}` };
  }
  if (element.vr === 'SQ' && Value !== undefined) {
    return {
      ...element,
      Value: Value.map((item) => (isDataset(item) ? absoluteBulkDataUris(item, instanceUrl) : item)),
    };
  }
  return element;
}

function isDataset(value: DicomJsonValue): value is DicomJsonDataset {
  return (
    typeof value === 'object' &&
    value !== null &&
    !('Alphabetic' in value || 'Ideographic' in value || 'Phonetic' in value)
  );
}
