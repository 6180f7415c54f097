// A worker process for test/bullmq.test.ts to kill mid-job: it runs the BullMQ engine on the test's
// database and Redis prefix, says when a job started, and then never finishes it.
import { systemClock } from '../../src/domain/clock.js';
import { BullMqJobQueue } from '../../src/jobs/bullmq.js';
import { connectDatabase } from '../../src/store/connect.js';

const { TEST_DATABASE_URL, TEST_REDIS_URL, TEST_REDIS_PREFIX, TEST_JOB_NAME } = process.env;
if (!TEST_DATABASE_URL || !TEST_REDIS_URL || !TEST_REDIS_PREFIX || !TEST_JOB_NAME) throw new Error('bullmq-worker: missing TEST_* settings');

const database = connectDatabase(TEST_DATABASE_URL);
const queue = await BullMqJobQueue.connect(database, {
  clock: systemClock,
  redisUrl: TEST_REDIS_URL,
  prefix: TEST_REDIS_PREFIX,
  leaseMs: 1_000,
  concurrency: 1,
});
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
