import {
  AngleTool,
  ArrowAnnotateTool,
  BidirectionalTool,
  CircleROITool,
  CobbAngleTool,
  EllipticalROITool,
  EraserTool,
  Enums as ToolEnums,
  LengthTool,
  PanTool,
  PlanarFreehandROITool,
  ProbeTool,
  RectangleROITool,
  StackScrollTool,
  ToolGroupManager,
  WindowLevelTool,
  ZoomTool,
  addTool,
  annotation,
  init as initTools,
  state as toolsState,
  store,
  utilities,
  type Types as ToolTypes,
} from '@cornerstonejs/tools';
import { Enums, type Types } from '@cornerstonejs/core';
import type { Disposer } from './disposers';
import { ownAnnotationsOn } from './ownAnnotations';
import { NEW_ARROW_TEXT, type PrimaryTool } from './tools';

/**
 * Cornerstone's measurement tools: the one module that holds their code, fetched only through
 * toolsLoader.ts once the first image is on screen, so the first image never waits for it.
 */

/** Cornerstone declares `toolName` as `any`; every tool class sets it to its string name. */
const nameOf = (tool: { toolName: unknown }) => tool.toolName as string;

/** The tools that draw annotations the measurement list holds. */
const MEASUREMENT_TOOLS = [
  LengthTool,
  AngleTool,
  RectangleROITool,
  EllipticalROITool,
  ProbeTool,
  ArrowAnnotateTool,
] as const;

const TOOL_CLASSES = [WindowLevelTool, PanTool, ZoomTool, StackScrollTool, ...MEASUREMENT_TOOLS, EraserTool] as const;

/**
 * Tools no button picks, enabled only to draw measurements of stored reports that other viewers
 * made with them (the adapters read them from TID 1500).
 */
const DISPLAY_ONLY_TOOLS = [CircleROITool, BidirectionalTool, PlanarFreehandROITool, CobbAngleTool] as const;

const TOOL_GROUP_ID = 'secondread-stack';
/** A second Zoom tool instance, only for two fingers: pinch zooms around the fingers, a two-finger drag pans. */
const PINCH_TOOL = 'PinchZoom';
const { MouseBindings } = ToolEnums;

let group: ToolTypes.IToolGroup | undefined;

/**
 * Starts Cornerstone's tools (after its core: the engine) and builds the one tool group every
 * viewport joins, once per page; returns what the viewer uses of them. Workstation bindings: the
 * chosen tool on the left button (and one finger), pan on the middle, zoom on the right, scroll on
 * the wheel, pinch-zoom and pan on two fingers.
 */
export function setUpTools() {
  if (!group) {
    initTools();
    group = createToolGroup();
  }
  return { annotation, cine: utilities.cine, setPrimaryTool, bindViewport, clearMeasurements, removeAnnotationsOn };
}

function createToolGroup(): ToolTypes.IToolGroup {
  for (const Tool of [...TOOL_CLASSES, ...DISPLAY_ONLY_TOOLS]) addTool(Tool);
  const created = ToolGroupManager.getToolGroup(TOOL_GROUP_ID) ?? ToolGroupManager.createToolGroup(TOOL_GROUP_ID);
  if (!created) throw new Error('The viewer tool group could not be created');
  for (const Tool of TOOL_CLASSES) {
    if (Tool === ArrowAnnotateTool) {
      // The default asks for the label with window.prompt, which blocks the page.
      created.addTool(nameOf(Tool), {
        getTextCallback: (done: (text: string) => void) => done(NEW_ARROW_TEXT),
        changeTextCallback: () => undefined,
      });
    } else if (Tool === StackScrollTool) {
      created.addTool(nameOf(Tool), { loop: false });
    } else if (Tool === ZoomTool) {
      // With pinch-to-zoom on (the default) a one-finger drag only pans: the chosen Zoom tool must zoom.
      created.addTool(nameOf(Tool), { pinchToZoom: false });
    } else {
      created.addTool(nameOf(Tool));
    }
  }
  for (const Tool of DISPLAY_ONLY_TOOLS) {
    created.addTool(nameOf(Tool));
    created.setToolEnabled(nameOf(Tool));
  }
  // A tool draws its annotations only when it is not disabled: measurements put back from a draft
  // or a stored report must show before the reader ever picks their tool.
  for (const Tool of MEASUREMENT_TOOLS) created.setToolPassive(nameOf(Tool));
  created.setToolActive(nameOf(PanTool), { bindings: [{ mouseButton: MouseBindings.Auxiliary }] });
  created.setToolActive(nameOf(ZoomTool), { bindings: [{ mouseButton: MouseBindings.Secondary }] });
  created.setToolActive(nameOf(StackScrollTool), { bindings: [{ mouseButton: MouseBindings.Wheel }] });
  created.addToolInstance(PINCH_TOOL, nameOf(ZoomTool), { pinchToZoom: true, pan: true });
  created.setToolActive(PINCH_TOOL, { bindings: [{ numTouchPoints: 2 }] });
  return created;
}

function toolGroup(): ToolTypes.IToolGroup {
  if (!group) throw new Error('The measurement tools are not set up');
  return group;
}

/**
 * Puts a tool on the left button and one finger. Whichever tool had them goes passive (it keeps
 * its other bindings, and its annotations stay editable); the group is shared by every viewer the
 * page opens, so that tool need not be the one this viewer last chose.
 */
function setPrimaryTool(tool: PrimaryTool): void {
  const current = toolGroup();
  const previous = current.getActivePrimaryMouseButtonTool();
  if (previous && previous !== tool) current.setToolPassive(previous);
  current.setToolActive(tool, { bindings: [{ mouseButton: MouseBindings.Primary }] });
}

/** Binds the tools to an enabled viewport; the disposer unbinds them (before the viewport is disabled). */
function bindViewport(element: HTMLDivElement, viewportId: string, renderingEngineId: string): Disposer {
  const current = toolGroup();
  // The tools give each element its pointer listeners and annotation layer when Cornerstone
  // enables it; one enabled before they were set up (the first image does not wait) gets them now.
  // Disabling it later takes them off again, as for any other.
  if (!toolsState.enabledElements.includes(element)) {
    const detail: Types.EventTypes.ElementEnabledEventDetail = { element, viewportId, renderingEngineId };
    store.addEnabledElement(new CustomEvent(Enums.Events.ELEMENT_ENABLED, { detail }));
  }
  current.addViewport(viewportId, renderingEngineId);
  return () => current.removeViewports(renderingEngineId, viewportId);
}

/** Removes the reader's own measurements on the image a viewport shows; a stored report's stay. */
function clearMeasurements(imageId: string): void {
  const own = ownAnnotationsOn(annotation.state.getAllAnnotations(), imageId, (uid) =>
    annotation.locking.isAnnotationLocked(uid),
  );
  for (const uid of own) annotation.state.removeAnnotation(uid);
}

/** Removes the annotations drawn on images no viewer shows any more. */
function removeAnnotationsOn(imageIds: readonly string[]): void {
  if (imageIds.length === 0) return;
  const freed = new Set(imageIds);
  for (const each of annotation.state.getAllAnnotations()) {
    const imageId = each.metadata?.referencedImageId;
    if (each.annotationUID && imageId !== undefined && freed.has(imageId))
      annotation.state.removeAnnotation(each.annotationUID);
  }
}
