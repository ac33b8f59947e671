/** How global setup hands the backends' addresses to the test workers (environment variables). */
export const ENV = {
  archiveUrl: 'SECONDREAD_E2E_ARCHIVE_URL',
  orthancGatewayUrl: 'SECONDREAD_E2E_ORTHANC_GATEWAY_URL',
} as const;

export const BACKENDS = ['archive', 'orthanc'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** E2E_BACKENDS=archive (comma-separated) starts fewer backends for a quicker local run. */
export function wantedBackends(): BackendName[] {
  const names = (process.env.E2E_BACKENDS ?? BACKENDS.join(',')).split(',').map((name) => name.trim());
  return BACKENDS.filter((backend) => names.includes(backend));
}
