import { pickedFromInput, type PickedFile } from './pickedFile';

/**
 * The three ways to pick: a folder (a CD or USB stick, DICOMDIR and all), files, or a zip. Phones
 * cannot pick folders (iOS has no directory input), so "files" is always offered too.
 */
export function FilePickers({ onPick }: { onPick: (files: PickedFile[]) => void }) {
  const take = (input: HTMLInputElement) => {
    if (input.files && input.files.length > 0) onPick(pickedFromInput(input.files));
    // The same folder picked again must fire `change` again.
    input.value = '';
  };
  return (
    <div className="upload-pickers">
      <label className="upload-picker">
        <input
          // React does not know the non-standard attribute; every current browser honours it.
          ref={(element) => element?.setAttribute('webkitdirectory', '')}
          type="file"
          multiple
          data-testid="pick-folder"
          onChange={(event) => take(event.target)}
        />
        <span className="button button-primary">Choose a folder</span>
        <span className="upload-picker-hint">A CD, a USB stick or a folder of images</span>
      </label>
      <label className="upload-picker">
        <input type="file" multiple data-testid="pick-files" onChange={(event) => take(event.target)} />
        <span className="button">Choose files</span>
        <span className="upload-picker-hint">DICOM files, or a DICOMDIR with its files</span>
      </label>
      <label className="upload-picker">
        <input
          type="file"
          multiple
          accept=".zip,application/zip"
          data-testid="pick-zip"
          onChange={(event) => take(event.target)}
        />
        <span className="button">Choose a zip</span>
        <span className="upload-picker-hint">Unpacked here, on this device</span>
      </label>
    </div>
  );
}
