/** Test-only modes of leagd (see modes.ts); used by the system tests in the repo's test/. */

export { MAX_TEST_CLOCK_OFFSET_MS, offsetClock, readTestClockOffset } from './clock-offset.js';
export {
  EQUIVOCATE_AT_HEIGHT,
  equivocator,
  mutateProposal,
  NO_TEST_MODES,
  readTestModes,
  type TestModes,
} from './modes.js';
export { SkippingJournal } from './skip-journal.js';
export { MAX_TEST_SLOW_VOTES_MS, readTestSlowVotes, slowVoteDelay } from './slow-votes.js';
