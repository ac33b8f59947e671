import { readPart10Identity, type Part10Identity } from '../../dicom/part10Identity';
import { isZip, type PickedFile } from './pickedFile';
import { unzipFiles } from './unzipFiles';

/** A DICOM instance found among the picked files: what will be sent. */
export interface FoundInstance {
  path: string;
  file: Blob;
  identity: Part10Identity;
}

/** A picked file that will not be sent, and why, in words the sender can act on. */
export interface SkippedFile {
  path: string;
  reason: string;
}

export interface Scan {
  instances: FoundInstance[];
  skipped: SkippedFile[];
  /** What the sender should know about the whole pick (a DICOMDIR without its images). */
  notes: string[];
}

/** Files are read one at a time: a CD holds thousands, and a phone cannot hold them all at once. */
export async function scanFiles(
  picked: readonly PickedFile[],
  onProgress: (read: number, total: number) => void = () => undefined,
): Promise<Scan> {
  const files = await expandZips(picked);
  const instances: FoundInstance[] = [];
  const skipped: SkippedFile[] = [];
  const directories: { path: string; fileIds: string[] }[] = [];
  const firstPathOf = new Map<string, string>();
  for (const [index, { path, file, unreadable }] of files.entries()) {
    onProgress(index, files.length);
    if (unreadable !== undefined) {
      skipped.push({ path, reason: unreadable });
      continue;
    }
    const reading = readPart10Identity(new Uint8Array(await file.arrayBuffer()));
    if (reading.kind === 'unreadable') skipped.push({ path, reason: reading.reason });
    else if (reading.kind === 'dicomdir') {
      directories.push({ path, fileIds: reading.fileIds });
      skipped.push({ path, reason: 'The CD’s index (DICOMDIR): the images it lists are sent, not the index' });
    } else {
      const first = firstPathOf.get(reading.identity.sopInstanceUID);
      if (first !== undefined) skipped.push({ path, reason: `The same image as ${first}` });
      else {
        firstPathOf.set(reading.identity.sopInstanceUID, path);
        instances.push({ path, file, identity: reading.identity });
      }
    }
  }
  onProgress(files.length, files.length);
  const pickedPaths = new Set(files.map(({ path }) => path.toUpperCase()));
  const notes = directories.flatMap((directory) => dicomdirNotes(directory, pickedPaths, instances.length));
  return { instances, skipped, notes };
}

async function expandZips(picked: readonly PickedFile[]): Promise<PickedFile[]> {
  const files: PickedFile[] = [];
  for (const file of picked) {
    if (file.unreadable === undefined && (await isZip(file.file))) {
      try {
        files.push(...(await unzipFiles(file)));
      } catch (error) {
        files.push({ ...file, unreadable: error instanceof Error ? error.message : 'The zip cannot be read' });
      }
    } else files.push(file);
  }
  return files;
}

/**
 * A DICOMDIR names its images by paths relative to its own folder (PS3.10 8.3). Its images are
 * what matter: a DICOMDIR picked without them is the commonest mistake with a CD.
 */
function dicomdirNotes(
  directory: { path: string; fileIds: string[] },
  pickedPaths: ReadonlySet<string>,
  instanceCount: number,
): string[] {
  const folder = directory.path.includes('/') ? directory.path.slice(0, directory.path.lastIndexOf('/') + 1) : '';
  const missing = directory.fileIds.filter((id) => !pickedPaths.has(`${folder}${id}`.toUpperCase()));
  if (missing.length === 0) return [];
  if (missing.length === directory.fileIds.length && instanceCount === 0)
    return [
      `${directory.path} is only the CD’s index: the images are in the folders beside it. ` +
        'Pick the whole folder (or the whole CD) instead.',
    ];
  const example = missing[0]!;
  return [
    `${directory.path} lists ${missing.length} ${missing.length === 1 ? 'file' : 'files'} that ` +
      `${missing.length === 1 ? 'was' : 'were'} not picked (such as ${example}): pick the whole folder to send them too.`,
  ];
}
