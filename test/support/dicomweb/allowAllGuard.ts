import type { DicomwebGuard } from '../../../src/server/dicomweb/guard';

/**
 * Lets every /dicomweb request through as parsed: for tests of the DICOMweb path alone (backends,
 * conformance, proxying), which build the gateway without sign-in. Test support only; the product
 * gateway takes its guard from the access layer.
 */
export const allowAllGuard: DicomwebGuard = {
  admit: async () => undefined,
  check: async (_request, parsed) => ({ request: parsed }),
};
