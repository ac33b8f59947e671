import { firstNumber, firstString, type DicomJsonDataset } from '../../dicom/json';

const PIXEL_DATA_TAGS = ['7FE00010', '7FE00008', '7FE00009'];

/**
 * Orthanc (1.10, DICOMweb plugin 1.7) leaves Pixel Data out of the metadata of compressed
 * instances (docs/conformance.md, `pixel-data-omitted-when-encapsulated`), and clients rightly take
 * an instance without Pixel Data for one without an image: every JPEG or JPEG 2000 series read
 * through the proxy showed "No image data". PS3.18 10.4.1.2 says bulk data is replaced by a
 * BulkDataURI, not removed, so for an instance with an Image Pixel module (Rows, Columns, Bits
 * Allocated) and no pixel data element, the proxy lists Pixel Data at the gateway's bulk data URL.
 * Changes the datasets in place and returns them.
 */
export function listOmittedPixelData(datasets: DicomJsonDataset[], publicBase: string): DicomJsonDataset[] {
  for (const dataset of datasets) {
    if (PIXEL_DATA_TAGS.some((tag) => dataset[tag] !== undefined)) continue;
    if (!firstNumber(dataset, '00280010') || !firstNumber(dataset, '00280011') || !firstNumber(dataset, '00280100'))
      continue;
    const [study, series, instance] = ['0020000D', '0020000E', '00080018'].map((tag) => firstString(dataset, tag));
    if (!study || !series || !instance) continue;
    dataset['7FE00010'] = {
      vr: 'OB',
      BulkDataURI: `${publicBase}/studies/${study}/series/${series}/instances/${instance}/bulk/7FE00010`,
    };
  }
  return datasets;
}
