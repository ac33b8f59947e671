import { useEffect, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { api } from '../api/api';
import { INCOMING_PATH } from '../routes';
import { listUploads } from '../upload/uploadsApi';

/**
 * "Incoming (n)" in the staff header: how many studies wait for review, asked again on each page
 * the reader opens (a page change is when a new count is worth a request).
 */
export function IncomingLink() {
  const [count, setCount] = useState<number>();
  const { pathname } = useLocation();
  useEffect(() => {
    const controller = new AbortController();
    listUploads(api, controller.signal).then(
      (uploads) => setCount(uploads.length),
      // The link still leads to the page, which says what went wrong.
      () => undefined,
    );
    return () => controller.abort();
  }, [pathname]);
  return (
    <Link to={INCOMING_PATH} className="button button-quiet">
      Incoming{count === undefined ? '' : ` (${count})`}
    </Link>
  );
}
