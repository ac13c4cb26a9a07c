/**
 * The side panel's pickers and lists: the profile picker, the “play a capsule” form, the demo
 * script's phrases, and the facts of the avatar on stage.
 */
import type { Library } from '../shared/library.ts';
import type { Performance } from '../shared/performance.ts';
import type { ViewerAvatar } from './avatar.ts';
import { option, ui } from './viewer-ui.ts';

/** Fills the pickers and the phrase list and wires them; returns the phrase list's items, in order. */
export function createSidePanel(performance: Performance, registry: Library['registry']): HTMLLIElement[] {
  ui.profile.append(option('', 'As scripted'), ...registry.profileIds().map((id) => option(id, id)));
  ui.capsuleIds.append(...registry.ids().map((id) => option(id, registry.get(id)!.json.subtype)));
  ui.duration.textContent = (performance.loopMs / 1000).toFixed(2);

  const phraseItems = performance.phrases(0).map((p) => {
    const li = document.createElement('li');
    const time = document.createElement('time');
    time.textContent = `${(p.speechOnsetMs / 1000).toFixed(1)} s`;
    const text = document.createElement('span');
    text.textContent = p.label || '(no words)';
    li.append(time, text);
    ui.phrases.append(li);
    return li;
  });

  ui.profile.addEventListener('change', () => {
    performance.chooseProfile(ui.profile.value || null);
  });

  ui.capsuleForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const id = ui.capsuleId.value.trim().toUpperCase();
    const ok = performance.play(id);
    ui.capsuleNote.textContent = ok
      ? `${id} played at ${(performance.time() / 1000).toFixed(2)} s.`
      : `No capsule “${id}” in the library.`;
    ui.capsuleNote.classList.toggle('warn', !ok);
  });

  return phraseItems;
}

/** The avatar's facts (file, name, authors, VRM version, bones, expressions, licence). */
export function showFacts(a: ViewerAvatar): void {
  const { rig } = a.vrm;
  const facts: [string, string][] = [
    ['File', a.fileName],
    ['Name', rig.meta.name ?? '—'],
    ['Authors', rig.meta.authors.join(', ') || '—'],
    ['VRM', rig.specVersion === '1.0' ? '1.0' : `0.x (${rig.sourceSpecVersion || '0.0'})`],
    ['Bones', String(Object.keys(rig.humanBones).length)],
    ['Expressions', String(rig.expressions.length)],
    ['Licence', rig.meta.licenseName ?? rig.meta.licenseUrl ?? '—'],
  ];
  ui.avatarInfo.replaceChildren(
    ...facts.flatMap(([k, v]) => {
      const dt = document.createElement('dt');
      dt.textContent = k;
      const dd = document.createElement('dd');
      dd.textContent = v;
      return [dt, dd];
    }),
  );
}
