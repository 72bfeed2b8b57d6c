/**
 * A child process that writes the ledger, for the fault tests (test/store-faults.test.ts). It imports the
 * compiled code from dist/ (`npm test` builds first) and talks to its parent over stdio, one line per event:
 *
 *   READY                              loaded (import+report: and the store is open); waiting for `GO`
 *   OPEN                               writer mode: the store is open (opened after GO)
 *   BEGIN import                       importPlanFile was called (parsing, outside the transaction)
 *   TX import                          the import's transaction has begun
 *   IMPORTED <planId> <tasks> <asg>    the import returned (committed)
 *   ACK <reportId>                     submitProgress returned (committed)
 *   ERROR <code> <userMessage>\t<detail>  an AppError stopped the child (exit 3)
 *   DONE                               writer mode finished (exit 0)
 *
 * stdout is a pipe, and writes to pipes are synchronous on Linux: a line the parent reads was written
 * before the next step began, so an ACK it sees was acknowledged before anything that followed.
 *
 * Usage: node ledger-writer.mjs <mode>, with the environment
 *   TZ_STORE    the StoreConfig as JSON
 *   TZ_PLAN     path of the plan file to import
 *   TZ_SEED     seed for choosing assignments (default 1)
 * mode `import+report`: forever: TZ_REPORTS_PER_CYCLE (default 2) reports, then one import (reports only once
 *   TZ_MAX_IMPORTS imports have returned); killed by the parent.
 * mode `writer`: TZ_REPORTS (default 40) reports with TZ_IMPORTS (default 2) imports spread among them, on
 *   assignments whose id % TZ_WRITERS == TZ_INDEX (so two writers never race for one assignment), then exits.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { isAppError } from '../../dist/domain/errors.js';
import { settleAsTheOffice } from '../../dist/services/demo-data.js';
import { importPlanFile } from '../../dist/services/import-plan.js';
import { changePlanState } from '../../dist/services/plan-state.js';
import { submitProgress } from '../../dist/services/submit-progress.js';
import { openStore } from '../../dist/store/store.js';

const mode = process.argv[2];
const env = process.env;
const say = (line) => process.stdout.write(`${line}\n`);

let seed = Number(env.TZ_SEED ?? 1) >>> 0;
/** mulberry32 */
function random() {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

async function main() {
  if (mode !== 'import+report' && mode !== 'writer') throw new Error(`unknown mode ${mode}`);
  const config = JSON.parse(env.TZ_STORE ?? 'null');
  if (!config) throw new Error('TZ_STORE not set');
  const plan = readFileSync(env.TZ_PLAN ?? '');
  const actor = { id: `cli:writer-${env.TZ_INDEX ?? process.pid}`, name: 'writer', role: 'operator', unitId: null };
  const now = new Date('2023-05-02T12:00:00+08:00');
  let store;
  let ctx;
  // Marks the moment an import's transaction has begun, so the parent can tell where its kill landed.
  let phase = '';
  const open = async () => {
    store = await openStore(config);
    ctx = { store, actor, now: () => now };
    const transaction = store.transaction.bind(store);
    store.transaction = (fn) =>
      transaction(async (trx) => {
        if (phase) say(`TX ${phase}`);
        return fn(trx);
      });
  };

  const writers = Number(env.TZ_WRITERS ?? 1);
  const index = Number(env.TZ_INDEX ?? 0);
  let candidates = [];
  const refresh = async () => {
    const rows = await store.db
      .selectFrom('assignments as a')
      .innerJoin('plans as p', 'p.id', 'a.plan_id')
      .select('a.id')
      .where('p.state', '=', 'confirmed')
      .where('a.removed_at', 'is', null)
      .where('a.state', 'in', ['not_started', 'in_progress'])
      .orderBy('a.id', 'desc')
      .limit(2000)
      .execute();
    candidates = rows.map((r) => Number(r.id)).filter((id) => id % writers === index);
  };
  let reports = 0;
  const report = async () => {
    if (candidates.length === 0) await refresh();
    if (candidates.length === 0) throw new Error('no assignment to report on');
    const assignmentId = candidates[Math.floor(random() * candidates.length)];
    reports += 1;
    const r = await submitProgress(ctx, {
      assignmentId,
      text: `第${reports}次进展报送（进程 ${process.pid}）`,
      claim: 'in_progress',
    });
    say(`ACK ${r.reportId}`);
  };
  const importOnce = async () => {
    say('BEGIN import');
    phase = 'import';
    const s = await importPlanFile(ctx, plan, { name: 'large-plan.txt', revise: 'new', confirm: true });
    phase = '';
    // Anything the checklist holds (a group without members) is settled as the office would, then confirmed.
    if (s.state !== 'confirmed') {
      await settleAsTheOffice(ctx, s.planId);
      await changePlanState(ctx, s.planId, 'confirm');
    }
    say(`IMPORTED ${s.planId} ${s.tasks} ${s.assignments}`);
    await refresh();
  };

  if (mode === 'import+report') {
    // The store is open (and recovered from the last kill) before READY: the kill delay counts from work.
    await open();
    say('READY');
    await waitForGo();
    const perCycle = Number(env.TZ_REPORTS_PER_CYCLE ?? 2);
    const maxImports = Number(env.TZ_MAX_IMPORTS ?? Number.POSITIVE_INFINITY);
    for (let k = 0; ; k++) {
      for (let i = 0; i < perCycle; i++) await report();
      if (k < maxImports) await importOnce();
    }
  }
  // Writers open the store after GO, so that two of them open (and on a new store, migrate) it together.
  say('READY');
  await waitForGo();
  await open();
  say('OPEN');
  const total = Number(env.TZ_REPORTS ?? 40);
  const imports = Number(env.TZ_IMPORTS ?? 2);
  const importAt = new Set(Array.from({ length: imports }, (_, k) => Math.floor((k * total) / imports)));
  for (let i = 0; i < total; i++) {
    if (importAt.has(i)) await importOnce();
    await report();
  }
  await store.close();
  say('DONE');
}

function waitForGo() {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: process.stdin });
    let go = false;
    lines.on('line', (line) => {
      if (line.trim() === 'GO') {
        go = true;
        lines.close();
        resolve();
      }
    });
    lines.on('close', () => {
      if (!go) reject(new Error('stdin closed before GO'));
    });
  });
}

main().then(
  () => process.exit(0),
  (e) => {
    if (isAppError(e)) {
      say(`ERROR ${e.code} ${e.userMessage}\t${String(e.message).replace(/\s+/g, ' ')}`);
      process.exit(3);
    }
    process.stderr.write(`${e?.stack ?? e}\n`);
    process.exit(1);
  },
);
