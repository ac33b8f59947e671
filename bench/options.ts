import { parseArgs } from 'node:util';
import { NETWORK_PROFILES, type NetworkName } from './throttleRelay';

interface BenchOptions {
  quick: boolean;
  /** Runs per viewer and study, alternating viewers within each round. */
  runs: number;
  /** Reuse bench/.cache/secondread-dist instead of building the current tree. */
  reuseBuild: boolean;
  ohifVersion: string;
  /** Passes over all CT frames per gateway path in the throughput test. */
  gatewayPasses: number;
  concurrency: number;
  /** Only these studies (keys from studies.ts); all when absent, the CT alone with --quick. */
  studies: readonly string[] | undefined;
  /** The link between browser and servers: lan (loopback as is) or a throttling relay's profile. */
  network: NetworkName;
  /** Run only the archive scale benchmark with this many synthetic studies (archiveScale.ts). */
  archiveScale: number | undefined;
}

export const USAGE =
  'usage: npm run bench -- [--quick] [--runs N] [--reuse-build] [--ohif-version X.Y.Z] [--gateway-passes N] [--concurrency N] [--studies ct140,mr128,xa96,ct500] [--network lan|broadband|4g] | --archive-scale N';

const isNetwork = (value: string): value is NetworkName => Object.hasOwn(NETWORK_PROFILES, value);

function count(name: string, value: string | undefined, fallback: number, problems: string[]): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!/^[0-9]+$/.test(value) || number < 1) problems.push(`--${name} must be a positive integer, got "${value}"`);
  return number;
}

export function parseOptions(argv: readonly string[]): BenchOptions | { problems: string[] } {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        quick: { type: 'boolean', default: false },
        runs: { type: 'string' },
        'reuse-build': { type: 'boolean', default: false },
        'ohif-version': { type: 'string', default: '3.13.2' },
        'gateway-passes': { type: 'string' },
        concurrency: { type: 'string' },
        studies: { type: 'string' },
        'archive-scale': { type: 'string' },
        network: { type: 'string', default: 'lan' },
      },
    }));
  } catch (error) {
    return { problems: [error instanceof Error ? error.message : String(error)] };
  }
  const problems: string[] = [];
  const quick = values.quick;
  const network = values.network;
  if (!isNetwork(network)) problems.push(`--network must be lan, broadband or 4g, got "${network}"`);
  const options: BenchOptions = {
    quick,
    runs: count('runs', values.runs, quick ? 1 : 5, problems),
    reuseBuild: values['reuse-build'],
    ohifVersion: values['ohif-version'],
    gatewayPasses: count('gateway-passes', values['gateway-passes'], quick ? 1 : 5, problems),
    concurrency: count('concurrency', values.concurrency, 6, problems),
    studies: values.studies?.split(',').map((name) => name.trim()),
    network: isNetwork(network) ? network : 'lan',
    archiveScale:
      values['archive-scale'] === undefined ? undefined : count('archive-scale', values['archive-scale'], 0, problems),
  };
  return problems.length > 0 ? { problems } : options;
}
