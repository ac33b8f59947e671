import { firstString, type DicomJsonDataset, type DicomJsonElement } from '../../src/dicom/json';
import { ATTRIBUTE_RULES, type AttributeContext } from './allowList';
import { diffDatasets, relativeTo, type Difference, type RelativeUrl } from './compareDatasets';
import { SEARCH_RESULT_RULES } from './searchAllowList';

/**
 * Compares what Orthanc and SecondRead answer to the same request. Every difference either
 * matches a documented rule (counted in `hits`) or is returned as a finding: a line a person can
 * act on, naming the request, the attribute and both values.
 */

export interface Server {
  /** DICOMweb root as it appears in the server's URLs. */
  root: string;
  json(path: string): Promise<{ status: number; body: unknown }>;
  /** The first part of a bulk data answer, or undefined when it cannot be fetched. */
  bulk(url: string): Promise<Uint8Array | undefined>;
}

export class Comparison {
  readonly findings: string[] = [];
  readonly hits = new Map<string, number>();
  private readonly relative: RelativeUrl;

  constructor(
    private readonly orthanc: Server,
    private readonly ours: Server,
  ) {
    this.relative = relativeTo([orthanc.root, ours.root]);
  }

  async search(path: string): Promise<void> {
    const [a, b] = await Promise.all([this.orthanc.json(path), this.ours.json(path)]);
    if (!this.sameStatus(path, a.status, b.status)) return;
    const keyed = (body: unknown) => new Map((body as DicomJsonDataset[]).map((dataset) => [uidOf(dataset), dataset]));
    const [mapA, mapB] = [keyed(a.body), keyed(b.body)];
    const orthancOnly = [...mapA].filter(([uid]) => !mapB.has(uid)).map(([, d]) => d);
    const oursOnly = [...mapB].filter(([uid]) => !mapA.has(uid)).map(([, d]) => d);
    // QIDO-RS leaves the order to the server (PS3.18 8.3.4.4), so pages of the same size hold different entities.
    const paged = /[?&](limit|offset)=/.test(path);
    if (paged) {
      if (mapA.size !== mapB.size)
        this.findings.push(`${path}: ${mapA.size} results from Orthanc, ${mapB.size} from SecondRead`);
    } else if (orthancOnly.length + oursOnly.length > 0) {
      const rule = SEARCH_RESULT_RULES.find((r) => r.matches({ request: path, orthancOnly, oursOnly }));
      if (rule === undefined) {
        this.findings.push(
          `${path}: only Orthanc finds [${orthancOnly.map(uidOf).join(', ')}], only SecondRead finds [${oursOnly.map(uidOf).join(', ')}]`,
        );
      } else this.hit(rule.id);
    }
    for (const [uid, dataset] of mapA) {
      const theirs = mapB.get(uid);
      if (theirs !== undefined) await this.datasets('qido', path, dataset, theirs);
    }
  }

  async metadata(path: string): Promise<void> {
    const [a, b] = await Promise.all([this.orthanc.json(path), this.ours.json(path)]);
    if (!this.sameStatus(path, a.status, b.status)) return;
    const mapB = new Map((b.body as DicomJsonDataset[]).map((dataset) => [uidOf(dataset), dataset]));
    for (const dataset of a.body as DicomJsonDataset[]) {
      const theirs = mapB.get(uidOf(dataset));
      if (theirs === undefined) this.findings.push(`${path}: instance ${uidOf(dataset)} missing from SecondRead`);
      else await this.datasets('metadata', `${path} ${uidOf(dataset)}`, dataset, theirs);
    }
  }

  private async datasets(
    endpoint: AttributeContext['endpoint'],
    request: string,
    orthanc: DicomJsonDataset,
    ours: DicomJsonDataset,
  ) {
    for (const difference of diffDatasets(orthanc, ours, this.relative)) {
      if (difference.kind === 'bulk' && (await this.sameBytes(difference.orthanc, difference.ours))) continue;
      const context = { endpoint, request, difference };
      const rule = ATTRIBUTE_RULES.find((r) => r.matches(context));
      if (rule === undefined) this.findings.push(describe(request, difference));
      else this.hit(rule.id);
    }
  }

  /** InlineBinary and BulkDataURI are the server's choice (PS3.18 F.2.7), and so are bulk URI paths: the bytes must agree. */
  private async sameBytes(a: DicomJsonElement | undefined, b: DicomJsonElement | undefined): Promise<boolean> {
    const [bytesA, bytesB] = await Promise.all([bytesOf(a, this.orthanc), bytesOf(b, this.ours)]);
    return bytesA !== undefined && bytesB !== undefined && Buffer.from(bytesA).equals(Buffer.from(bytesB));
  }

  private sameStatus(path: string, a: number, b: number): boolean {
    if (a !== b) this.findings.push(`${path}: HTTP ${a} from Orthanc, ${b} from SecondRead`);
    return a === b && a === 200;
  }

  private hit(id: string) {
    this.hits.set(id, (this.hits.get(id) ?? 0) + 1);
  }
}

/** Rules of a list that never matched: stale entries hide nothing, but they mislead readers of the table. */
export function unusedRules(rules: { id: string }[], hits: Map<string, number>): string[] {
  return rules.map((rule) => rule.id).filter((id) => !hits.has(id));
}

async function bytesOf(element: DicomJsonElement | undefined, server: Server): Promise<Uint8Array | undefined> {
  if (element?.InlineBinary !== undefined) return Buffer.from(element.InlineBinary, 'base64');
  if (element?.BulkDataURI !== undefined) return server.bulk(element.BulkDataURI);
  return undefined;
}

function uidOf(dataset: DicomJsonDataset): string {
  return (
    firstString(dataset, '00080018') ?? firstString(dataset, '0020000E') ?? firstString(dataset, '0020000D') ?? '?'
  );
}

function describe(request: string, d: Difference): string {
  const show = (element: DicomJsonElement | undefined) =>
    element === undefined ? 'absent' : JSON.stringify(element).slice(0, 160);
  return `${request} ${d.path} ${d.kind}: Orthanc ${show(d.orthanc)}, SecondRead ${show(d.ours)}`;
}
