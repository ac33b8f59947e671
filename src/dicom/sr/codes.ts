/** A coded concept (PS3.3 8.8): code value, coding scheme designator and meaning. */
export interface SrCode {
  readonly value: string;
  readonly scheme: string;
  readonly meaning: string;
}

const dcm = (value: string, meaning: string): SrCode => ({ value, scheme: 'DCM', meaning });

/** Key Object Selection document titles, from CID 7010. */
export const KEY_OBJECT_TITLES = {
  forReferringProvider: dcm('113002', 'For Referring Provider'),
  forPeerReview: dcm('113008', 'For Peer Review'),
  ofInterest: dcm('113000', 'Of Interest'),
};

/** The concepts SecondRead writes into its documents and looks for when reading them back. */
export const CODES = {
  measurementReport: dcm('126000', 'Imaging Measurement Report'),
  imageLibrary: dcm('111028', 'Image Library'),
  imagingMeasurements: dcm('126010', 'Imaging Measurements'),
  qualitativeEvaluations: { value: 'C0034375', scheme: 'UMLS', meaning: 'Qualitative Evaluations' },
  finding: dcm('121071', 'Finding'),
  impression: dcm('121073', 'Impression'),
  keyObjectDescription: dcm('113012', 'Key Object Description'),
  observerType: dcm('121005', 'Observer Type'),
  person: dcm('121006', 'Person'),
  personObserverName: dcm('121008', 'Person Observer Name'),
  language: dcm('121049', 'Language of Content Item and Descendants'),
  english: { value: 'en-US', scheme: 'RFC5646', meaning: 'English (United States)' },
  procedureReported: dcm('121058', 'Procedure reported'),
  imagingProcedure: { value: '363679005', scheme: 'SCT', meaning: 'Imaging procedure' },
} satisfies Record<string, SrCode>;

/** Same concept: value and scheme match (meanings vary between writers). */
export function sameCode(code: SrCode | undefined, other: SrCode): boolean {
  return code !== undefined && code.value === other.value && code.scheme === other.scheme;
}
