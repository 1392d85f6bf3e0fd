import fc from 'fast-check';

// Property tests explore random inputs on developers' machines (and have found real bugs that way);
// in CI they replay a fixed seed so that a landing never depends on luck. FC_SEED overrides both.
const seed = process.env['FC_SEED'] ? Number(process.env['FC_SEED']) : process.env['CI'] ? 20_261_127 : undefined;
if (seed !== undefined) fc.configureGlobal({ seed });
