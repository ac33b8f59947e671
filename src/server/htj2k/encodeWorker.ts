/** An HTJ2K encoder worker thread (encoder.ts): one OpenJPH encoder, one frame at a time. */
import { readlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { decompositionLevels, type EncodeJob, type EncodeReply, type RawFrame } from './encoder';

/** The part of codec-openjph's Emscripten encoder this worker uses. */
interface OpenJphEncoder {
  getDecodedBuffer(info: {
    width: number;
    height: number;
    bitsPerSample: number;
    componentCount: number;
    isSigned: boolean;
    isUsingColorTransform: boolean;
  }): Uint8Array;
  setQuality(lossless: boolean, quantizationStep: number): void;
  setProgressionOrder(order: number): void;
  setDecompositions(levels: number): void;
  setTLMMarker(on: boolean): void;
  setTilePartDivisionsAtResolutions(on: boolean): void;
  encode(): void;
  getEncodedBuffer(): Uint8Array;
}

/** codec-openjph's setProgressionOrder numbering: LRCP, RLCP, RPCL, PCRL, CPRL. */
const RPCL = 2;

/** Niceness of an encoder thread: when encoding and the event loop both want a core, requests win. */
const ENCODER_NICENESS = 10;

/** Linux gives each thread its own niceness; elsewhere, or where refused, encoding keeps the gateway's. */
function yieldToEventLoop(): void {
  try {
    const thread = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(thread) && thread > 0) setPriority(thread, ENCODER_NICENESS);
  } catch {
    // Not Linux, or not allowed.
  }
}

yieldToEventLoop();
const require = createRequire(import.meta.url);
const openJph = require('@cornerstonejs/codec-openjph') as () => Promise<{ HTJ2KEncoder: new () => OpenJphEncoder }>;
const codec = await openJph();
const encoder = new codec.HTJ2KEncoder();

/**
 * The container's bits (Bits Allocated), not Bits Stored, are coded, so bits above Bits Stored
 * (overlays, unextended signs) come back exactly as stored. No colour transform, so the decoded
 * samples keep the source's photometric interpretation. A tile-part per resolution and TLM
 * let a client find where each resolution ends from the first bytes.
 */
function encode(frame: RawFrame): Uint8Array<ArrayBuffer> {
  const input = encoder.getDecodedBuffer({
    width: frame.columns,
    height: frame.rows,
    bitsPerSample: frame.bitsAllocated,
    componentCount: frame.samplesPerPixel,
    isSigned: frame.pixelRepresentation === 1,
    isUsingColorTransform: false,
  });
  input.set(frame.pixels);
  encoder.setQuality(true, 0);
  encoder.setProgressionOrder(RPCL);
  encoder.setDecompositions(decompositionLevels(frame.rows, frame.columns));
  encoder.setTLMMarker(true);
  encoder.setTilePartDivisionsAtResolutions(true);
  encoder.encode();
  return encoder.getEncodedBuffer().slice();
}

parentPort!.on('message', ({ id, frame }: EncodeJob) => {
  try {
    const ok = encode(frame);
    parentPort!.postMessage({ id, ok } satisfies EncodeReply, [ok.buffer]);
  } catch (error) {
    parentPort!.postMessage({
      id,
      error: error instanceof Error ? error.message : String(error),
    } satisfies EncodeReply);
  }
});
