import { setImmediate as nextTurn } from 'node:timers/promises';

/** Reads one stored chunk of the file, in whichever transaction the caller is in. */
export type ChunkReader = (seq: number) => Promise<Buffer | null>;

// Small enough that parsing one slice takes a few milliseconds: the API keeps answering in between.
const SLICE_BYTES = 32 * 1024;

/**
 * The uploaded file as a stream of small slices, fetched one stored chunk at a time (never the
 * whole file in memory), yielding to the event loop between slices.
 */
export async function* storedFile(read: ChunkReader, chunkCount: number): AsyncGenerator<Buffer> {
  for (let seq = 0; seq < chunkCount; seq++) {
    const chunk = await read(seq);
    if (!chunk) throw new Error(`chunk ${seq} of the uploaded file is missing`);
    for (let offset = 0; offset < chunk.length; offset += SLICE_BYTES) {
      yield chunk.subarray(offset, offset + SLICE_BYTES);
      await nextTurn();
    }
  }
}
