import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { loadDataSource } from './dataSource';
import { StartupError } from './StartupError';
import './styles.css';

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
