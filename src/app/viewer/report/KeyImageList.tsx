import type { KeyImage } from '../../../viewer/viewerState';
import { useViewer, useViewerInstance } from '../useViewer';
import { KeyImageButtons } from './KeyImageButtons';
import { keyImageKey } from './reportText';
import { useImageLabel } from './useImageLabel';

function NoteInput({ keyImage }: { keyImage: KeyImage }) {
  const viewer = useViewerInstance();
  return (
    <input
      className="report-inline-input"
      defaultValue={keyImage.note}
      placeholder="Add a note"
      maxLength={1024}
      aria-label="Note for this key image"
      onBlur={(event) => {
        if (event.target.value.trim() !== keyImage.note)
          viewer.setKeyImageNote(keyImage.image, event.target.value.trim());
      }}
      onKeyDown={(event) => {
        if (event.key === 'Enter') event.currentTarget.blur();
      }}
    />
  );
}

/** One key image: a jump to it, its note, and (when it is the reader's own) note editing and removal. */
export function KeyImageItem({ keyImage, index }: { keyImage: KeyImage; index: number }) {
  const viewer = useViewerInstance();
  const imageLabel = useImageLabel();
  return (
    <li className="report-item">
      <button type="button" className="button report-jump" onClick={() => void viewer.showImage(keyImage.image)}>
        <span className="report-item-tool" aria-hidden="true">
          ★ {index + 1}
        </span>
        <span className="report-item-value">{imageLabel(keyImage.image)}</span>
      </button>
      {keyImage.readOnly ? (
        keyImage.note && <p className="report-note">{keyImage.note}</p>
      ) : (
        <div className="report-item-edit">
          <NoteInput key={keyImage.note} keyImage={keyImage} />
          <button
            type="button"
            className="button button-quiet report-delete"
            aria-label={`Remove key image ${index + 1}`}
            title="Remove"
            onClick={() => viewer.removeKeyImage(keyImage.image)}
          >
            ✕
          </button>
        </div>
      )}
    </li>
  );
}

/** The reader's own key images, with the star and "next" at hand (the phone's bar has no room for "next"). */
export function KeyImageList() {
  const all = useViewer((state) => state.keyImages);
  const own = all.filter((key) => !key.readOnly);
  return (
    <section className="report-section" aria-labelledby="report-key-images">
      <header className="report-section-header">
        <h3 id="report-key-images">Key images ({own.length})</h3>
        <span className="report-section-actions">
          <KeyImageButtons />
        </span>
      </header>
      {own.length === 0 ? (
        <p className="muted report-hint">Mark the image on screen with the star or K.</p>
      ) : (
        <ol className="report-list">
          {own.map((key, index) => (
            <KeyImageItem key={keyImageKey(key)} keyImage={key} index={index} />
          ))}
        </ol>
      )}
    </section>
  );
}
