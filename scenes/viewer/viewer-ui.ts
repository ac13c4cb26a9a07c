/**
 * The viewer page's elements, looked up once by id (index.html); every part of the viewer reads and
 * writes the page through this.
 */
const $ = <T extends HTMLElement>(selector: string): T => document.querySelector<T>(selector)!;

export const ui = {
  canvas: $<HTMLCanvasElement>('#scene'),
  avatarName: $('#avatar-name'),
  fileInput: $<HTMLInputElement>('#file-input'),
  status: $('#status'),
  error: $('#error'),
  errorTitle: $('#error-title'),
  errorText: $('#error-text'),
  errorClose: $('#error-close'),
  frameTime: $('#frame-time'),
  fps: $('#fps'),
  drop: $('#drop'),
  profile: $<HTMLSelectElement>('#profile'),
  profileNote: $('#profile-note'),
  capsuleForm: $<HTMLFormElement>('#capsule-form'),
  capsuleId: $<HTMLInputElement>('#capsule-id'),
  capsuleIds: $('#capsule-ids'),
  capsuleNote: $('#capsule-note'),
  phrases: $('#phrases'),
  avatarInfo: $('#avatar-info'),
  play: $<HTMLButtonElement>('#play'),
  time: $('#time'),
  duration: $('#duration'),
  loop: $('#loop'),
  timeline: $<HTMLCanvasElement>('#timeline'),
  speakForm: $<HTMLFormElement>('#speak-form'),
  speakText: $<HTMLTextAreaElement>('#speak-text'),
  speakButton: $<HTMLButtonElement>('#speak'),
  voice: $<HTMLSelectElement>('#voice'),
  voiceNote: $('#voice-note'),
  speakStatus: $('#speak-status'),
  speakLine: $('#speak-line'),
  environmentSection: $('#environment-section'),
  environment: $<HTMLSelectElement>('#environment'),
  environmentFile: $<HTMLInputElement>('#environment-file'),
  environmentNote: $('#environment-note'),
  shPreview: $<HTMLCanvasElement>('#sh-preview'),
  relight: $<HTMLInputElement>('#relight'),
  cameraCapsulesRow: $('#camera-capsules-row'),
  cameraCapsules: $<HTMLInputElement>('#camera-capsules'),
};

/** An `<option>` for a picker. */
export function option(value: string, label: string): HTMLOptionElement {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = label;
  return o;
}
