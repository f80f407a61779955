import { randomUUID } from 'node:crypto';
import { createTillpointClient } from '@tillpoint/api-client';
import {
  type FakePrinter,
  printerEntry,
  startFakePrinter,
  startTestBridge,
  type TestBridge,
} from '@tillpoint/bridge/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BridgeError, createBridgeClient } from './bridge-client.ts';
import { fetchCashReportBytes, sendCashReport, zReportJobId } from './print-cash-report.ts';

// Cash reports through the real bridge to a fake network printer: one print per job id, a
// deliberate reprint prints the same bytes again.

let printer: FakePrinter;
let bridge: TestBridge;
const registerId = randomUUID();

beforeAll(async () => {
  printer = await startFakePrinter();
  bridge = await startTestBridge({ printers: [printerEntry(printer)], registerId });
});
afterAll(async () => {
  await bridge?.close();
  await printer?.close();
});

const client = () => createBridgeClient({ url: bridge.url, token: bridge.token });
const bytesOf = (text: string) => new TextEncoder().encode(`\x1b@${text}\n`);
const textOf = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('printing a cash report through the bridge', () => {
  it('keys a Z report by its session, apart from the receipt copies of any document', () => {
    const sessionId = '0197a3c4-5e6f-7a8b-9c0d-aabbccddeeff';
    expect(zReportJobId(sessionId)).toBe('0197a3c4-5e6f-7a8b-9c0d-aabbccddc5e2');
    expect(zReportJobId(sessionId)).toBe(zReportJobId(sessionId));
    expect(zReportJobId(randomUUID())).not.toBe(zReportJobId(sessionId));
  });

  it('prints once however often Print is pressed, and again only on a reprint', async () => {
    const jobId = zReportJobId(randomUUID());
    const before = printer.received().length;
    const first = await sendCashReport(client(), registerId, jobId, bytesOf('Z REPORT one'));
    const again = await sendCashReport(client(), registerId, jobId, bytesOf('Z REPORT one'));
    expect(again.jobId).toBe(first.jobId);
    // Other bytes under a printed report's id are refused, not printed.
    await expect(
      sendCashReport(client(), registerId, jobId, bytesOf('Z REPORT two')),
    ).rejects.toMatchObject({ status: 409, code: 'job.conflict' });
    const jobs = await printer.waitForJobs(before + 1);
    expect(textOf(jobs.at(-1) ?? new Uint8Array())).toContain('Z REPORT one');

    const copy = await client().reprint(jobId, randomUUID());
    expect(copy.reprintOf).toBe(jobId);
    const afterReprint = await printer.waitForJobs(before + 2);
    expect(afterReprint).toHaveLength(before + 2);
    expect(textOf(afterReprint.at(-1) ?? new Uint8Array())).toContain('Z REPORT one');
    expect(printer.received().map(textOf).join('\n')).not.toContain('Z REPORT two');
  });

  it("passes on the bridge's refusal of a reprint it cannot do", async () => {
    const refused = client().reprint(randomUUID(), randomUUID());
    await expect(refused).rejects.toBeInstanceOf(BridgeError);
    await expect(refused).rejects.toMatchObject({ status: 404, code: 'job.not_found' });
    const wrongToken = createBridgeClient({ url: bridge.url, token: 'nope' }).reprint(
      randomUUID(),
      randomUUID(),
    );
    await expect(wrongToken).rejects.toMatchObject({ status: 401 });
  });

  it('fetches the report bytes as they come, and the API error when refused', async () => {
    const seen: string[] = [];
    const fake: typeof fetch = async (input) => {
      const url = input instanceof Request ? input.url : String(input);
      seen.push(url);
      if (url.includes('/z-report'))
        return new Response(JSON.stringify({ code: 'auth.forbidden', message: 'No.' }), {
          status: 403,
          headers: { 'content-type': 'application/json' },
        });
      return new Response(bytesOf('X REPORT'), {
        status: 200,
        headers: { 'content-type': 'application/vnd.tillpoint.escpos' },
      });
    };
    const api = createTillpointClient({ baseUrl: 'http://platform.test', token: 't', fetch: fake });
    const sessionId = randomUUID();
    expect(textOf(await fetchCashReportBytes(api, sessionId, 'x'))).toContain('X REPORT');
    expect(seen[0]).toBe(
      `http://platform.test/api/v1/cash-sessions/${sessionId}/report?format=escpos`,
    );
    await expect(fetchCashReportBytes(api, sessionId, 'z')).rejects.toMatchObject({
      code: 'auth.forbidden',
    });
  });
});
