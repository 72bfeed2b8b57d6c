// `npm run bench`: prints the project's performance figures. Absolute times on shared machines are noise;
// each figure comes with a ratio to a baseline measured in the same run.
import { benchBackup } from './backup.js';
import { benchFormats } from './formats.js';
import { benchLoad } from './load.js';
import { benchOcr } from './ocr.js';
import { benchParse } from './parse.js';
import { benchProvince } from './province.js';
import { benchSecurity } from './security.js';
import { benchStore } from './store.js';
import { benchUnits } from './units.js';
import { benchWeb } from './web.js';

const only = process.argv[2];
const suites = {
  parse: benchParse,
  formats: benchFormats,
  units: benchUnits,
  store: benchStore,
  web: benchWeb,
  backup: benchBackup,
  security: benchSecurity,
  load: benchLoad,
  province: benchProvince,
  // Slow (seconds a page): run alone with `npm run bench -- ocr`.
  ocr: benchOcr,
};
for (const [name, run] of Object.entries(suites)) {
  if (only ? only !== name : name === 'ocr') continue;
  await run();
}
