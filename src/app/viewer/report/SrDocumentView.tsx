import type { ImageRef } from '../../../dicom/sr/references';
import type { SrDocument, SrItem } from '../../../dicom/sr/srDocument';
import { useViewer, useViewerInstance } from '../useViewer';
import { useImageLabel } from './useImageLabel';
import { srItemView } from './srItemView';

/** A section's heading one level below its parent's (the document title is h2); deeper sections keep h6. */
function SectionHeading({ depth, text }: { depth: number; text: string }) {
  if (depth === 0) return <h3 className="sr-heading">{text}</h3>;
  if (depth === 1) return <h4 className="sr-heading">{text}</h4>;
  if (depth === 2) return <h5 className="sr-heading">{text}</h5>;
  return <h6 className="sr-heading">{text}</h6>;
}

function ImageButton({ image, label }: { image: ImageRef; label?: string }) {
  const viewer = useViewerInstance();
  const series = useViewer((state) => state.series);
  const imageLabel = useImageLabel();
  // Only an image of a series open here can be shown; a reference elsewhere is named, not followed.
  const known = series.some((entry) => entry.seriesInstanceUID === image.seriesInstanceUID);
  return (
    <button
      type="button"
      className="button report-jump"
      disabled={!known}
      title={known ? 'Show this image' : 'The image is not among the series open here'}
      onClick={() => void viewer.showImage(image)}
    >
      {label ? `${label}: ` : ''}
      {known ? imageLabel(image) : 'Image not in this study'}
    </button>
  );
}

function Items({ items, depth }: { items: readonly SrItem[]; depth: number }) {
  return (
    <ul className="sr-items">
      {items.map((item, index) => (
        <Item key={index} item={item} depth={depth} />
      ))}
    </ul>
  );
}

function Item({ item, depth }: { item: SrItem; depth: number }) {
  const view = srItemView(item);
  return (
    <li className={`sr-item sr-${item.kind}`}>
      {view.kind === 'heading' && <SectionHeading depth={depth} text={view.text} />}
      {view.kind === 'line' && (
        <p className="sr-line">
          {view.label && <span className="sr-label">{view.label}: </span>}
          <span className="sr-value">{view.value}</span>
        </p>
      )}
      {view.kind === 'image' && (item.kind === 'image' || item.kind === 'composite') && (
        <ImageButton image={item.reference} label={view.label} />
      )}
      {item.children.length > 0 && <Items items={item.children} depth={view.kind === 'heading' ? depth + 1 : depth} />}
    </li>
  );
}

/** A Structured Report as a readable document: its title, author, time and content tree. */
export function SrDocumentView({ document, byline }: { document: SrDocument; byline: string }) {
  return (
    <article className="sr-document" aria-label={document.title?.meaning ?? 'Structured report'}>
      <h2 className="sr-title">{document.title?.meaning ?? 'Structured report'}</h2>
      <p className="muted">{byline}</p>
      {document.items.length ? (
        <Items items={document.items} depth={0} />
      ) : (
        <p className="muted">The report is empty.</p>
      )}
    </article>
  );
}
