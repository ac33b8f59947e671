import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App, loadViewerPage } from './App';
import { loadDataSource } from './dataSource';
import { VIEWER_PATH } from './routes';
import { StartupError } from './StartupError';
import './styles.css';

// The viewer's code is the largest download: a launch straight into it starts fetching it at once,
// alongside the data source and session checks rather than after them.
if (window.location.pathname === VIEWER_PATH) loadViewerPage().catch(() => undefined);

const root = createRoot(document.getElementById('root')!);

// The data source is settled before the first render: every route needs it, and a bad launch URL
// or config.json is better reported once than as a failed search.
loadDataSource().then(
  (dataSource) =>
    root.render(
      <StrictMode>
        <App dataSource={dataSource} />
      </StrictMode>,
    ),
  (error: unknown) => root.render(<StartupError error={error} />),
);
