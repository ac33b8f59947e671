import {
  AngleTool,
  ArrowAnnotateTool,
  EllipticalROITool,
  EraserTool,
  Enums as ToolEnums,
  LengthTool,
  PanTool,
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

export const TOOL_GROUP_ID = 'secondread-stack';
const { MouseBindings } = ToolEnums;

/**
 * Registers the tools and builds the one tool group every viewport joins. Workstation bindings:
 * the chosen tool on the left button, pan on the middle, zoom on the right, scroll on the wheel.
 */
export function createToolGroup(): ToolTypes.IToolGroup {
  for (const Tool of TOOL_CLASSES) addTool(Tool);
  const group = ToolGroupManager.getToolGroup(TOOL_GROUP_ID) ?? ToolGroupManager.createToolGroup(TOOL_GROUP_ID);
  if (!group) throw new Error('The viewer tool group could not be created');
  for (const Tool of TOOL_CLASSES) {
    if (Tool === ArrowAnnotateTool) {
      // The default asks for the label with window.prompt, which blocks the page; arrows are drawn unlabelled.
      group.addTool(Tool.toolName, { getTextCallback: (done: (text: string) => void) => done(''), changeTextCallback: () => undefined });
    } else if (Tool === StackScrollTool) {
      group.addTool(Tool.toolName, { loop: false });
    } else {
      group.addTool(Tool.toolName);
    }
  }
  group.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: MouseBindings.Auxiliary }] });
  group.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: MouseBindings.Secondary }] });
  group.setToolActive(StackScrollTool.toolName, { bindings: [{ mouseButton: MouseBindings.Wheel }] });
  setPrimaryTool(group, 'WindowLevel', undefined);
  return group;
}

/** Moves the left button from one tool to another; the old tool keeps its other bindings and its annotations stay editable. */
export function setPrimaryTool(group: ToolTypes.IToolGroup, tool: PrimaryTool, previous: PrimaryTool | undefined): void {
  if (previous && previous !== tool) group.setToolPassive(previous);
  group.setToolActive(tool, { bindings: [{ mouseButton: MouseBindings.Primary }] });
}
