import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startFirstPreview } from '../viewer/firstPreview';
import { warmUp } from '../viewer/studyRequests';
import { App, loadViewerPage } from './App';
import { pageBootstrap } from './bootstrap';
import { loadDataSource } from './dataSource';
import { isViewerPath, studiesToStartEarly } from '../api/launchStudies';
import { dismissOpeningPicture, openingPictureOnPage } from './openingPicture';
import { StartupError } from './StartupError';
import './styles.css';

const root = createRoot(document.getElementById('root')!);
const bootstrap = pageBootstrap();
const launchesViewer = isViewerPath(window.location.pathname);

// The viewer's code is the largest download: a launch straight into it starts fetching it at once,
// alongside the data source and session checks rather than after them. With the gateway's inlined
// answers there are no such checks, and it waits for the first DICOMweb requests to be on their way.
if (launchesViewer && !bootstrap) loadViewerPage().catch(() => undefined);

// The data source is settled before the first render: every route needs it, and a bad launch URL
// or config.json is better reported once than as a failed search.
loadDataSource(bootstrap?.configJson).then(
  (dataSource) => {
    if (bootstrap) {
      // The series lists and first series' metadata travel while the viewer's code downloads;
      // the viewer then takes these answers instead of asking again (viewer/studyRequests.ts),
      // and a server-rendered picture of the first image stands in until it draws its own.
      const [firstStudy, ...others] = studiesToStartEarly(window.location, bootstrap.probes);
      if (!dataSource.direct && firstStudy) {
        warmUp(dataSource.client, [firstStudy, ...others]);
        startFirstPreview(dataSource.client, firstStudy, openingPictureOnPage(bootstrap, firstStudy));
      }
      if (launchesViewer) loadViewerPage().catch(() => undefined);
    }
    root.render(
      <StrictMode>
        <App dataSource={dataSource} />
      </StrictMode>,
    );
  },
  (error: unknown) => {
    dismissOpeningPicture();
    root.render(<StartupError error={error} />);
  },
);
