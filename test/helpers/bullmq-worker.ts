// A worker process for tests to kill mid-job: it runs the BullMQ engine (or, with
// TEST_JOBS_ENGINE=local, the local one) on the test's database and Redis prefix, says when a job
// started, and then never finishes it.
import { systemClock } from '../../src/domain/clock.js';
import { BullMqJobQueue } from '../../src/jobs/bullmq.js';
import { LocalJobQueue } from '../../src/jobs/local.js';
import type { JobQueue } from '../../src/jobs/queue.js';
import { connectDatabase } from '../../src/store/connect.js';

const { TEST_DATABASE_URL, TEST_REDIS_URL, TEST_REDIS_PREFIX, TEST_JOB_NAME, TEST_JOBS_ENGINE } = process.env;
const local = TEST_JOBS_ENGINE === 'local';
if (!TEST_DATABASE_URL || !TEST_JOB_NAME || (!local && (!TEST_REDIS_URL || !TEST_REDIS_PREFIX))) throw new Error('bullmq-worker: missing TEST_* settings');

const database = connectDatabase(TEST_DATABASE_URL);
const options = { clock: systemClock, leaseMs: 1_000, concurrency: 1 };
const queue: JobQueue = local
  ? new LocalJobQueue(database, options)
  : await BullMqJobQueue.connect(database, { ...options, redisUrl: TEST_REDIS_URL!, prefix: TEST_REDIS_PREFIX! });
queue.start([
  {
    name: TEST_JOB_NAME,
    async perform(_payload, ctx) {
      process.stdout.write(`started job ${ctx.jobId} attempt ${ctx.attempt}\n`);
      await new Promise(() => {});
    },
  },
]);
process.stdout.write('ready\n');
