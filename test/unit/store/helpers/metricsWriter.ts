// Child process for the concurrency test: a second connection that writes progress ticks
// (steps, an epoch, a summary) as fast as it can for a while, counting "database is locked".
// Usage: node --import tsx metricsWriter.ts <db path> <run id> <milliseconds>
import { openDatabase } from '../../../../src-main/store/db';
import { writeProgressBatch } from '../../../../src-main/store/queries/progress';
import { asRunId } from '../../../../src-main/store/runId';

const [path, id, duration] = process.argv.slice(2);
const runId = asRunId(id);
const db = openDatabase(path);
let ticks = 0;
let locked = 0;
process.stdout.write('ready\n');
const end = Date.now() + Number(duration);
for (let epoch = 0; Date.now() < end; epoch++) {
  try {
    writeProgressBatch(db, {
      steps: Array.from({ length: 20 }, (_, step) => ({
        runId,
        phase: 'main',
        epoch,
        step,
        loss: 1 / (step + 1),
      })),
      epochs: [{ runId, phase: 'main', epoch, valTop1: epoch / 1e6 }],
      summaries: [{ runId, patch: { epochsDone: epoch + 1 } }],
    });
    ticks += 1;
  } catch (error) {
    if (!/locked|busy/i.test(String(error))) throw error;
    locked += 1;
  }
}
db.close();
process.stdout.write(`${JSON.stringify({ ticks, locked })}\n`);
