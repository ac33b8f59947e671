import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useStaff } from './auth/SessionProvider';
import { UserMenu } from './auth/UserMenu';
import { forgetDirectMode } from './dataSource';
import { useDataSource } from './DataSourceProvider';
import { IncomingLink } from './incoming/IncomingLink';
import { PATIENT_LINKS_PATH, STUDY_LIST_PATH, UPLOAD_LINKS_PATH } from './routes';

/**
 * Brand and the active data source: a reader must always see which archive the images come from.
 * `children` go to the right end (the page's own keyboard hints), then the signed-in reader's menu.
 */
export function AppHeader({ children }: { children?: ReactNode }) {
  const { baseUrl, direct, origin } = useDataSource();
  const staff = useStaff();
  return (
    <header className="app-header">
      <Link to={STUDY_LIST_PATH} className="brand">
        SecondRead
      </Link>
      {direct && (
        <div className="source" title={baseUrl}>
          <span className="source-badge">Direct</span>
          <span className="source-url">{baseUrl}</span>
          {origin === 'session' && (
            <button
              type="button"
              className="button button-quiet"
              onClick={() => {
                forgetDirectMode();
                window.location.assign(STUDY_LIST_PATH);
              }}
            >
              Use SecondRead archive
            </button>
          )}
        </div>
      )}
      {children}
      {staff && !direct && (
        <nav className="staff-links" aria-label="Links for patients and senders">
          <Link to={PATIENT_LINKS_PATH} className="button button-quiet">
            Patient links
          </Link>
          <Link to={UPLOAD_LINKS_PATH} className="button button-quiet">
            Upload links
          </Link>
          <IncomingLink />
        </nav>
      )}
      <UserMenu />
    </header>
  );
}
