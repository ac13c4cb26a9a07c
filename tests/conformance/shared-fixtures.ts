import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../../../shared/fixtures/vrm/', import.meta.url));
export const HAS_FIXTURES = existsSync(FIXTURES);
