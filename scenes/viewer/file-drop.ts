/**
 * Opening VRMs from the page: the file picker, and dropping a file anywhere on the window (with the
 * drop overlay shown while a file is dragged over).
 */
import { ui } from './viewer-ui.ts';

/** Wires the file picker and drag-and-drop to `open`. */
export function wireFileDrop(open: (bytes: Uint8Array, name: string) => unknown): void {
  ui.fileInput.addEventListener('change', () => {
    const file = ui.fileInput.files?.[0];
    ui.fileInput.value = '';
    if (file) void file.arrayBuffer().then((b) => open(new Uint8Array(b), file.name));
  });

  let dragDepth = 0;
  addEventListener('dragenter', (e) => {
    if (!e.dataTransfer?.types.includes('Files')) return;
    dragDepth++;
    ui.drop.hidden = false;
  });
  addEventListener('dragleave', () => {
    dragDepth = Math.max(0, dragDepth - 1);
    if (dragDepth === 0) ui.drop.hidden = true;
  });
  addEventListener('dragover', (e) => e.preventDefault());
  addEventListener('drop', (e) => {
    e.preventDefault();
    dragDepth = 0;
    ui.drop.hidden = true;
    const file = e.dataTransfer?.files[0];
    if (file) void file.arrayBuffer().then((b) => open(new Uint8Array(b), file.name));
  });
}
