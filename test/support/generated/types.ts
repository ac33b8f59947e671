export interface GeneratedObject {
  /** Path under the generated corpus, '/'-separated, e.g. 'enhanced/philips-mr-2echo.dcm'. Unique. */
  readonly name: string;
  /** A complete Part 10 file (preamble, File Meta, dataset), valid for its IOD (dciodvfy: no errors). */
  readonly bytes: Uint8Array;
  /** What the viewer must do with it (as in e2e/support/fidelityCases.ts). */
  readonly expect: 'render' | 'document' | 'placeholder';
}
