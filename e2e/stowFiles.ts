import { readFile } from 'node:fs/promises';
import { formatMultipart, newBoundary } from '../src/dicomweb/multipart';

export interface StowReport {
  stored: number;
  rejected: { file: string; status: number; detail: string }[];
}

/** Sends Part 10 files to a DICOMweb server with STOW-RS, one file per request, a few at a time. */
export async function stowFiles(dicomwebUrl: string, files: readonly string[], concurrency = 3): Promise<StowReport> {
  const report: StowReport = { stored: 0, rejected: [] };
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++]!;
      const boundary = newBoundary();
      const body = formatMultipart(boundary, [{ headers: { 'Content-Type': 'application/dicom' }, body: await readFile(file) }]);
      const response = await fetch(`${dicomwebUrl}/studies`, {
        method: 'POST',
        headers: { 'content-type': `multipart/related; type="application/dicom"; boundary=${boundary}`, accept: 'application/dicom+json' },
        // formatMultipart copies into a fresh ArrayBuffer, which is what fetch's typing asks for.
        body: body as Uint8Array<ArrayBuffer>,
      });
      const text = await response.text();
      if (response.ok) report.stored++;
      else report.rejected.push({ file, status: response.status, detail: text.slice(0, 300) });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return report;
}
