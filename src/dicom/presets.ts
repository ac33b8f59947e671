import type { NamedWindow, VoiWindow } from './voi';

/** A window a reader picks by name or number key. */
export interface WindowChoice extends VoiWindow {
  readonly label: string;
  /** "1".."9" when a number key selects it. */
  readonly key?: string;
  readonly source: 'preset' | 'file';
}

/**
 * CT presets in HU (width, level), the usual reading-room values (Radiopaedia "Windowing (CT)").
 * Only CT has presets: its values are calibrated (Hounsfield units). MR and most other modalities
 * have arbitrary units, so only the windows in the file make sense there.
 */
const CT_PRESETS: readonly (VoiWindow & { label: string })[] = [
  { label: 'Brain', width: 80, center: 40 },
  { label: 'Subdural', width: 215, center: 75 },
  { label: 'Stroke', width: 40, center: 40 },
  { label: 'Lung', width: 1500, center: -600 },
  { label: 'Mediastinum', width: 350, center: 50 },
  { label: 'Abdomen', width: 400, center: 50 },
  { label: 'Liver', width: 150, center: 30 },
  { label: 'Bone', width: 1800, center: 400 },
];

export function presetsFor(modality: string | undefined): readonly (VoiWindow & { label: string })[] {
  return modality === 'CT' ? CT_PRESETS : [];
}

/**
 * The windows a reader can pick for an image, in menu order: modality presets first, then every
 * window the file offers. Number keys 1–9 go to the first nine.
 */
export function windowChoices(modality: string | undefined, fileWindows: readonly NamedWindow[]): WindowChoice[] {
  const choices: Omit<WindowChoice, 'key'>[] = [
    ...presetsFor(modality).map((preset) => ({ ...preset, source: 'preset' as const })),
    ...fileWindows.map((window, index) => ({
      center: window.center,
      width: window.width,
      label: window.explanation || `File window ${index + 1}`,
      source: 'file' as const,
    })),
  ];
  return choices.map((choice, index) => (index < 9 ? { ...choice, key: String(index + 1) } : choice));
}
