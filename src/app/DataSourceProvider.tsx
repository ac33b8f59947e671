import { createContext, useContext, type ReactNode } from 'react';
import type { DataSource } from './dataSource';

const DataSourceContext = createContext<DataSource | undefined>(undefined);

/** Makes the data source resolved at start-up available to every route; it never changes while the page lives. */
export function DataSourceProvider({ value, children }: { value: DataSource; children: ReactNode }) {
  return <DataSourceContext.Provider value={value}>{children}</DataSourceContext.Provider>;
}

/** The active data source: `useDataSource().client` is the DICOMweb client for QIDO, WADO and the image loader. */
export function useDataSource(): DataSource {
  const value = useContext(DataSourceContext);
  if (!value) throw new Error('useDataSource() must be used inside <DataSourceProvider>');
  return value;
}
