import { useState, type DragEvent } from 'react';
import { droppedFiles } from './droppedFiles';

/**
 * A folder (a CD or USB stick) or files, picked or dropped. Phones cannot pick folders, so files
 * are always offered too.
 */
export function LocalPicker({ onPick }: { onPick: (files: File[]) => void }) {
  const [dragging, setDragging] = useState(false);
  const take = (input: HTMLInputElement) => {
    if (input.files && input.files.length > 0) onPick([...input.files]);
    // The same folder picked again must fire `change` again.
    input.value = '';
  };
  const drop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    void droppedFiles(event.dataTransfer).then((files) => files.length > 0 && onPick(files));
  };
  return (
    <section
      className="local-drop"
      aria-label="Open images from this device"
      data-dragging={dragging}
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={drop}
    >
      <h1>Open images from this device</h1>
      <p>
        Pick a folder (a CD or a USB stick) or DICOM files, or drop them here. This browser reads them and shows them;
        nothing is sent anywhere.
      </p>
      <div className="local-pickers">
        <label className="local-picker">
          <input
            // React does not know the non-standard attribute; every current browser honours it.
            ref={(element) => element?.setAttribute('webkitdirectory', '')}
            type="file"
            multiple
            data-testid="local-pick-folder"
            onChange={(event) => take(event.target)}
          />
          <span className="button button-primary">Choose a folder</span>
        </label>
        <label className="local-picker">
          <input type="file" multiple data-testid="local-pick-files" onChange={(event) => take(event.target)} />
          <span className="button">Choose files</span>
        </label>
      </div>
    </section>
  );
}
