/**
 * Files another page hands to the local viewer (the upload page's "View on this device first"):
 * a File cannot travel in a URL or in storage, so it waits here, in memory, for /local to take it.
 */
let handed: File[] = [];

export function setLocalFiles(files: File[]): void {
  handed = [...files];
}

/** The files handed over, once: the next visit to /local starts with its own picker. */
export function takeLocalFiles(): File[] {
  const files = handed;
  handed = [];
  return files;
}
