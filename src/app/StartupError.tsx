import { DataSourceError, forgetDirectMode } from './dataSource';
import { STUDY_LIST_PATH } from './routes';

/** Shown when the launch URL, this tab's stored choice or config.json cannot be used; rendered outside the router. */
export function StartupError({ error }: { error: unknown }) {
  const detail = error instanceof DataSourceError ? error.message : 'The app could not start.';
  return (
    <main className="page-message" role="alert">
      <h1>SecondRead cannot start</h1>
      <p>{detail}</p>
      <button
        type="button"
        className="button button-primary"
        onClick={() => {
          forgetDirectMode();
          window.location.assign(STUDY_LIST_PATH);
        }}
      >
        Open the SecondRead archive
      </button>
    </main>
  );
}
