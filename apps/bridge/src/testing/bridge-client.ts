import { ESC_POS_CONTENT_TYPE } from '../printing/escpos.ts';

export interface BridgeReply<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

export interface PrintInput {
  readonly jobId: string;
  readonly registerId: string;
  readonly bytes: Uint8Array;
  readonly printer?: string;
  readonly openDrawer?: boolean;
}

/** A small HTTP client of the bridge API, the way the register calls it. */
export function bridgeClient(url: string, token?: string) {
  async function call<T>(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<BridgeReply<T>> {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined
        ? {}
        : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON (the status page): the text itself.
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  return {
    get: <T = Record<string, unknown>>(path: string, headers?: Record<string, string>) =>
      call<T>('GET', path, undefined, headers),
    post: <T = Record<string, unknown>>(
      path: string,
      body?: unknown,
      headers?: Record<string, string>,
    ) => call<T>('POST', path, body, headers),
    print: (input: PrintInput, headers?: Record<string, string>) =>
      call('POST', '/print', printBody(input), headers),
  };
}

export function printBody(input: PrintInput) {
  return {
    jobId: input.jobId,
    registerId: input.registerId,
    printer: input.printer ?? 'receipt',
    contentType: ESC_POS_CONTENT_TYPE,
    data: Buffer.from(input.bytes).toString('base64'),
    ...(input.openDrawer === undefined ? {} : { openDrawer: input.openDrawer }),
  };
}

/** Pairs with the bridge as the register does and returns the bridge token. */
export async function pairBridge(
  bridge: { readonly url: string; pairingCode(): string | null },
  registerId: string,
  registerName = 'Register 1',
): Promise<string> {
  const code = bridge.pairingCode();
  if (!code)
    throw new Error('The bridge offers no pairing code (already paired? start it with pair: true)');
  const reply = await bridgeClient(bridge.url).post<{ bridgeToken?: string }>('/pair', {
    code,
    registerId,
    registerName,
  });
  if (reply.status !== 200 || !reply.body.bridgeToken) {
    throw new Error(`Pairing failed: ${reply.status} ${JSON.stringify(reply.body)}`);
  }
  return reply.body.bridgeToken;
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitUntil<T>(
  check: () => T | undefined | Promise<T | undefined>,
  description: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
