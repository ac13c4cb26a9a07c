/**
 * Soak (CI size): three simulated minutes at 60 Hz with four avatars over the whole library, the
 * idle beneath, and a seeded storm of plays, triggers, profiles, cancels, revocations and packets
 * (valid and byte-damaged) through `createPacketReceiver`. Every frame every pose channel must be
 * finite and within its clamp; live instances must stay bounded. `npm run bench` runs one
 * simulated hour and reports heap start/end/peak and the timeline's growth (bench/soak.bench.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { libraryDocs, libraryRegistry } from './capsule-fuzz.ts';
import { runSoak, type SoakResult } from './soak.ts';

const MINUTES = 3;
const AVATARS = 4;

describe(`soak: ${MINUTES} simulated minutes, ${AVATARS} avatars`, () => {
  let r: SoakResult;
  beforeAll(() => {
    r = runSoak({
      frames: MINUTES * 3600,
      avatars: AVATARS,
      seed: 0x50a4,
      registry: libraryRegistry(libraryDocs()),
    });
  }, 120_000);

  it('never puts a non-finite or out-of-clamp value in any pose, any frame', () => {
    expect(r.frames).toBe(MINUTES * 3600);
    expect(r.checked).toBeGreaterThan(MINUTES * 3600 * AVATARS * 100);
    expect(r.firstProblem).toBeNull();
    expect(r.nonFinite).toBe(0);
    expect(r.outOfRange).toBe(0);
  });

  it('exercises the API and the packet receiver, which report bad input as events, never by throwing', () => {
    expect(r.commands).toBeGreaterThan(300);
    expect(r.packetsValid).toBeGreaterThan(50);
    expect(r.packetsMutated).toBeGreaterThan(10);
    expect(r.packetsApplied).toBeGreaterThan(0);
    expect(r.events['wire:bad-packet']).toBeGreaterThan(0);
    expect(r.events['runtime:revoked']).toBeGreaterThan(0);
    const thrown = Object.keys(r.events).filter((k) => k.includes('threw'));
    expect(thrown).toEqual([]);
  });

  it('keeps live capsule instances bounded (finished ones are removed)', () => {
    // Each avatar runs the idle plus a few plays at a time; a leak would grow with every minute.
    expect(r.maxInstances).toBeLessThan(AVATARS * 40);
    expect(r.endInstances).toBeLessThanOrEqual(r.maxInstances);
  });
});
