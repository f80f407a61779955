import { randomUUID } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileTooLarge } from './import-errors.ts';
import { UploadInspector, type UploadSummary } from './upload-inspector.ts';

/** The upload as busboy streams it; `truncated` is set when it hit the size limit. */
export interface UploadStream extends AsyncIterable<Buffer> {
  readonly truncated?: boolean;
}

export interface SpooledUpload {
  readonly path: string;
  readonly summary: UploadSummary;
  discard(): Promise<void>;
}

/**
 * Streams an upload to a private temporary file while the inspector checks it, so the request
 * holds neither the whole file in memory nor a database connection while a slow client sends.
 * A refused file is read to its end anyway (the client is still sending it; cutting the
 * connection short would hide our answer), then deleted, and the refusal is thrown.
 */
export async function spoolUpload(stream: UploadStream): Promise<SpooledUpload> {
  const path = join(tmpdir(), `tillpoint-import-${randomUUID()}.csv`);
  const discard = () => rm(path, { force: true });
  const inspector = new UploadInspector();
  const file = await open(path, 'wx', 0o600);
  let refusal: unknown = null;
  try {
    try {
      for await (const chunk of stream) {
        if (refusal !== null) continue;
        try {
          inspector.push(chunk);
          await file.write(chunk);
        } catch (error) {
          refusal = error;
        }
      }
    } finally {
      await file.close();
    }
    // Past the limit nothing more was checked, so the size is the refusal that counts.
    if (stream.truncated) throw fileTooLarge();
    if (refusal !== null) throw refusal;
    return { path, summary: inspector.finish(), discard };
  } catch (error) {
    await discard();
    throw error;
  }
}
