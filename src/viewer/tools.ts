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
  type Types as ToolTypes,
} from '@cornerstonejs/tools';

/** The tools a reader can put on the left mouse button. */
export const PRIMARY_TOOLS = [
  'WindowLevel',
  'Pan',
  'Zoom',
  'StackScroll',
  'Length',
  'Angle',
  'RectangleROI',
  'EllipticalROI',
  'Probe',
  'ArrowAnnotate',
  'Eraser',
] as const;
export type PrimaryTool = (typeof PRIMARY_TOOLS)[number];

/** Cornerstone declares `toolName` as `any`; every tool class sets it to its string name. */
const nameOf = (tool: { toolName: unknown }) => tool.toolName as string;

const TOOL_CLASSES = [
  WindowLevelTool,
  PanTool,
  ZoomTool,
  StackScrollTool,
  LengthTool,
  AngleTool,
  RectangleROITool,
  EllipticalROITool,
  ProbeTool,
  ArrowAnnotateTool,
  EraserTool,
] as const;

/** The tools that draw annotations the measurement list holds. */
const MEASUREMENT_TOOLS = [
  LengthTool,
  AngleTool,
  RectangleROITool,
  EllipticalROITool,
  ProbeTool,
  ArrowAnnotateTool,
] as const;

/**
 * Tools no button picks, enabled only to draw measurements of stored reports that other viewers
 * made with them (the adapters read them from TID 1500).
 */
const DISPLAY_ONLY_TOOLS = [CircleROITool, BidirectionalTool, PlanarFreehandROITool, CobbAngleTool] as const;

/**
 * The text a new arrow gets: the tool throws away an arrow whose text comes back empty, and it
 * must not block the page asking for one. The viewer clears it once the arrow is drawn; the reader
 * labels the arrow in the measurement list.
 */
export const NEW_ARROW_TEXT = ' ';

const TOOL_GROUP_ID = 'secondread-stack';
/** A second Zoom tool instance, only for two fingers: pinch zooms around the fingers, a two-finger drag pans. */
const PINCH_TOOL = 'PinchZoom';
const { MouseBindings } = ToolEnums;

/**
 * Registers the tools and builds the one tool group every viewport joins. Workstation bindings:
 * the chosen tool on the left button (and one finger), pan on the middle, zoom on the right,
 * scroll on the wheel, pinch-zoom and pan on two fingers.
 */
export function createToolGroup(): ToolTypes.IToolGroup {
  for (const Tool of [...TOOL_CLASSES, ...DISPLAY_ONLY_TOOLS]) addTool(Tool);
  const group = ToolGroupManager.getToolGroup(TOOL_GROUP_ID) ?? ToolGroupManager.createToolGroup(TOOL_GROUP_ID);
  if (!group) throw new Error('The viewer tool group could not be created');
  for (const Tool of TOOL_CLASSES) {
    if (Tool === ArrowAnnotateTool) {
      // The default asks for the label with window.prompt, which blocks the page.
      group.addTool(nameOf(Tool), {
        getTextCallback: (done: (text: string) => void) => done(NEW_ARROW_TEXT),
        changeTextCallback: () => undefined,
      });
    } else if (Tool === StackScrollTool) {
      group.addTool(nameOf(Tool), { loop: false });
    } else if (Tool === ZoomTool) {
      // With pinch-to-zoom on (the default) a one-finger drag only pans: the chosen Zoom tool must zoom.
      group.addTool(nameOf(Tool), { pinchToZoom: false });
    } else {
      group.addTool(nameOf(Tool));
    }
  }
  for (const Tool of DISPLAY_ONLY_TOOLS) {
    group.addTool(nameOf(Tool));
    group.setToolEnabled(nameOf(Tool));
  }
  // A tool draws its annotations only when it is not disabled: measurements put back from a draft
  // or a stored report must show before the reader ever picks their tool.
  for (const Tool of MEASUREMENT_TOOLS) group.setToolPassive(nameOf(Tool));
  group.setToolActive(nameOf(PanTool), { bindings: [{ mouseButton: MouseBindings.Auxiliary }] });
  group.setToolActive(nameOf(ZoomTool), { bindings: [{ mouseButton: MouseBindings.Secondary }] });
  group.setToolActive(nameOf(StackScrollTool), { bindings: [{ mouseButton: MouseBindings.Wheel }] });
  group.addToolInstance(PINCH_TOOL, nameOf(ZoomTool), { pinchToZoom: true, pan: true });
  group.setToolActive(PINCH_TOOL, { bindings: [{ numTouchPoints: 2 }] });
  setPrimaryTool(group, 'WindowLevel');
  return group;
}

/**
 * Puts a tool on the left button and one finger. Whichever tool had them goes passive (it keeps
 * its other bindings, and its annotations stay editable); the group is shared by every viewer the
 * page opens, so that tool need not be the one this viewer last chose.
 */
export function setPrimaryTool(group: ToolTypes.IToolGroup, tool: PrimaryTool): void {
  const previous = group.getActivePrimaryMouseButtonTool();
  if (previous && previous !== tool) group.setToolPassive(previous);
  group.setToolActive(tool, { bindings: [{ mouseButton: MouseBindings.Primary }] });
}
