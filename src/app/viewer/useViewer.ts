import { createContext, useContext, useSyncExternalStore } from 'react';
import type { Viewer } from '../../viewer/viewer';
import type { ViewerState } from '../../viewer/viewerState';

export const ViewerContext = createContext<Viewer | undefined>(undefined);

export function useViewerInstance(): Viewer {
  const viewer = useContext(ViewerContext);
  if (!viewer) throw new Error('useViewer() must be used inside <ViewerContext.Provider>');
  return viewer;
}

/** One slice of viewer state; the selector must return a stable reference or a primitive. */
export function useViewer<T>(selector: (state: ViewerState) => T): T {
  const viewer = useViewerInstance();
  return useSyncExternalStore(viewer.store.subscribe, () => selector(viewer.store.getState()));
}
