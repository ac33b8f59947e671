/**
 * OHIF's app-config.js for the bench: its default DICOMweb data source pointed at the same-origin
 * /dicom-web proxy (so OHIF, like SecondRead, talks to one origin), following OHIF's own
 * platform/app/public/config/local_orthanc.js. The investigational-use dialog would cover the
 * viewport; the service worker is blocked by the browser context instead.
 */
export function ohifAppConfig(): string {
  const config = {
    routerBasename: '/',
    extensions: [],
    modes: [],
    showStudyList: true,
    maxNumberOfWebWorkers: 3,
    showWarningMessageForCrossOrigin: false,
    showCPUFallbackMessage: false,
    showLoadingIndicator: true,
    strictZSpacingForVolumeViewport: true,
    investigationalUseDialog: { option: 'never' },
    defaultDataSourceName: 'dicomweb',
    dataSources: [
      {
        namespace: '@ohif/extension-default.dataSourcesModule.dicomweb',
        sourceName: 'dicomweb',
        configuration: {
          friendlyName: 'Orthanc (bench)',
          name: 'orthanc',
          wadoUriRoot: '/wado',
          qidoRoot: '/dicom-web',
          wadoRoot: '/dicom-web',
          qidoSupportsIncludeField: false,
          imageRendering: 'wadors',
          thumbnailRendering: 'wadors',
          enableStudyLazyLoad: true,
          supportsFuzzyMatching: false,
          supportsWildcard: true,
          omitQuotationForMultipartRequest: true,
          bulkDataURI: { enabled: true },
        },
      },
    ],
  };
  return `window.config = ${JSON.stringify(config, null, 2)};\n`;
}
