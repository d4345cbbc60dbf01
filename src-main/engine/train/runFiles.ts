// Names of the files a run keeps in its checkpoint folder, in one tensor-free module so the main
// process (resume planning) can name them without loading the engine.

/** The trainer's checkpoints (trainer.ts). */
export const LAST_CHECKPOINT = 'last.ckpt';
export const BEST_CHECKPOINT = 'best.ckpt';
/** A search phase's own checkpoint folder (ssnSearchPhase.ts, superWeightsPhases.ts). */
export const SEARCH_FOLDER = 'search';
/** SSN learned groups found by the search (ssn.md §4.2). */
export const SSN_GROUPS_FILE = 'groups.json';
/** SuperWeights sharing found by the search (superweights.md §2). */
export const SHARING_FILE = 'superweights-sharing.json';
