import type { ViewerCommand } from './commands';
import { loadedTools } from './toolsLoader';
import type { ViewportController } from './viewportController';
import type { SlotState } from './viewerState';

const MIN_FPS = 1;
const MAX_FPS = 60;

/** Carries out a viewport command on the active viewport. */
export function runCommand(
  controller: ViewportController,
  command: Exclude<ViewerCommand, { type: 'tool' | 'layout' | 'toggleOverlay' | 'toggleOverlayPlanes' }>,
  slot: SlotState,
  updateSlot: (update: (slot: SlotState) => SlotState) => void,
): void {
  switch (command.type) {
    case 'scroll':
      return controller.scroll(command.delta);
    case 'firstImage':
      return controller.jumpTo(0);
    case 'lastImage':
      return controller.jumpTo(controller.lastIndex());
    case 'windowChoice': {
      const choice = slot.windowChoices[command.index];
      return choice && controller.setWindow(choice);
    }
    case 'fileWindow':
      return controller.fileWindow();
    case 'setWindow':
      return controller.setWindow(command.window);
    case 'actualSize':
      return controller.actualSize();
    case 'invert':
      return controller.invert();
    case 'rotate':
      return controller.rotate(command.degrees);
    case 'flipHorizontal':
      return controller.flip('flipHorizontal');
    case 'flipVertical':
      return controller.flip('flipVertical');
    case 'reset':
      return controller.reset();
    case 'fit':
      return controller.fit();
    case 'cine': {
      const playing = controller.toggleCine(slot.cine.fps);
      return updateSlot((current) => ({ ...current, cine: { ...current.cine, playing } }));
    }
    case 'cineFps': {
      const fps = Math.max(MIN_FPS, Math.min(MAX_FPS, slot.cine.fps + command.delta));
      controller.setCineFps(fps);
      return updateSlot((current) => ({ ...current, cine: { ...current.cine, fps } }));
    }
    case 'clearMeasurements': {
      // Before the tools have loaded there is no measurement to clear.
      const imageId = controller.currentImageId;
      if (imageId) loadedTools()?.clearMeasurements(imageId);
      return controller.render();
    }
  }
}
