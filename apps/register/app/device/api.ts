import {
  createTillpointClient,
  TillpointApiError,
  type TillpointClient,
} from '@tillpoint/api-client';
import type { Connectivity } from './connectivity.ts';

// The typed API client as the register uses it: same origin as the page, a bearer token (the
// device token before sign-in, the PIN session after), and every answer or failure reported
// to the connectivity signal so the status bar follows reality, not just navigator.onLine.

export type Api = TillpointClient['api'];

export function createRegisterClient(
  token: string,
  connectivity: Connectivity | null,
  baseUrl: string = globalThis.location.origin,
): TillpointClient {
  const tracked: typeof fetch = async (input, init) => {
    try {
      const response = await fetch(input, init);
      connectivity?.reportSuccess();
      return response;
    } catch (error) {
      connectivity?.reportFailure();
      throw error;
    }
  };
  return createTillpointClient({ baseUrl, token, cookies: 'jar', fetch: tracked });
}

/** What to show a person for a failure: the API's message, else a plain network sentence. */
export function messageOf(error: unknown): string {
  if (error instanceof TillpointApiError) return error.message;
  if (error instanceof TypeError) return 'The server could not be reached. Check the network.';
  if (error instanceof Error) return error.message;
  return String(error);
}

export function codeOf(error: unknown): string | null {
  return error instanceof TillpointApiError ? error.code : null;
}

/** No HTTP answer at all (as opposed to a refusal): the caller may retry with the same ids. */
export function isNetworkError(error: unknown): boolean {
  return !(error instanceof TillpointApiError) && error instanceof Error;
}
