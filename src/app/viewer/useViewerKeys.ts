import { useEffect } from 'react';
import { commandForKey } from '../../viewer/commands';
import { useViewerInstance } from './useViewer';

interface PageKeys {
  toggleHelp: () => void;
  toggleTags: () => void;
  closeDialogs: () => void;
}

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));

/** Keyboard-first reading: the viewer's key map, plus `?` (help), `T` (tags) and Escape for the page's dialogs. */
export function useViewerKeys({ toggleHelp, toggleTags, closeDialogs }: PageKeys): void {
  const viewer = useViewerInstance();
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        closeDialogs();
        return;
      }
      if (isTyping(event.target)) return;
      if (event.key === '?') toggleHelp();
      else if (event.key === 'T') toggleTags();
      else {
        const command = commandForKey(event);
        if (!command) return;
        viewer.command(command);
      }
      event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [viewer, toggleHelp, toggleTags, closeDialogs]);
}
