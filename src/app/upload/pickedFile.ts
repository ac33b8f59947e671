/** A file the sender picked, or one unpacked from a zip they picked. */
export interface PickedFile {
  /** Folder-relative path (`CD/DICOM/IM0001`), the file name alone, or `<zip>/<entry>`. */
  path: string;
  file: Blob;
  /** Why its bytes could not be had (a zip entry that does not unpack). */
  unreadable?: string;
}

/** The path the browser gives a picked file: relative to the picked folder when a folder was picked. */
export function pickedFromInput(files: Iterable<File>): PickedFile[] {
  return [...files].map((file) => ({ path: file.webkitRelativePath || file.name, file }));
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** A zip by its first bytes (local file header), whatever its name. */
export async function isZip(file: Blob): Promise<boolean> {
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  return ZIP_MAGIC.every((byte, index) => head[index] === byte);
}
