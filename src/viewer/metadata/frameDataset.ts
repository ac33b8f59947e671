/** The viewer reads each frame as a classic image; the lifting itself is isomorphic DICOM logic. */
export { frameAttributes as frameDataset, numberOfFrames } from '../../dicom/enhanced/functionalGroups';
