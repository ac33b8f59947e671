import type { APIRequestContext } from '@playwright/test';

/**
 * The gateways' first administrator (ADMIN_USERNAME/ADMIN_PASSWORD, created at start in an
 * empty store). Test-only credentials for throwaway gateways on loopback.
 */
export const E2E_ADMIN = { username: 'e2e-admin', password: 'e2e-admin-password-1' } as const;

/** A radiologist on every gateway (added by global setup with `npm run user:add`), for journeys through the sign-in page. */
export const E2E_RADIOLOGIST = {
  username: 'e2e-radiologist',
  password: 'e2e-radiologist-password-1',
  displayName: 'Dr Rita Reader',
} as const;

export const adminEnv = (): Record<string, string> => ({
  ADMIN_USERNAME: E2E_ADMIN.username,
  ADMIN_PASSWORD: E2E_ADMIN.password,
});

/** Signs a browser context in to a gateway; its session cookie then rides on the page's requests. */
export async function signIn(request: APIRequestContext, gatewayUrl: string): Promise<void> {
  const response = await request.post(`${gatewayUrl}/api/login`, { data: E2E_ADMIN });
  if (!response.ok())
    throw new Error(`Sign-in to ${gatewayUrl} failed: HTTP ${response.status()} ${await response.text()}`);
}

/** A session cookie ("name=value") for a test server that forwards requests to a gateway. */
export async function sessionCookie(gatewayUrl: string): Promise<string> {
  const response = await fetch(`${gatewayUrl}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(E2E_ADMIN),
  });
  await response.arrayBuffer();
  const cookie = response.headers.getSetCookie()[0]?.split(';')[0];
  if (!response.ok || !cookie) throw new Error(`Sign-in to ${gatewayUrl} failed: HTTP ${response.status}`);
  return cookie;
}
