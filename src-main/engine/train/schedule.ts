// Learning-rate schedules: step (multiply by gamma at milestone epochs, the SSN/SuperWeights
// recipe: 60/120/160 × 0.2, ssn.md §6.1), cosine annealing and constant, each with an optional
// linear warm-up. The rate is a pure function of the fractional epoch, so a resumed run gets the
// same rates as an uninterrupted one.
import { missingCase } from '../../contract/assert';
import type { TrainingConfig } from '../../contract/config';

/** The learning rate at `epoch` (0-based) plus `fraction` of the way through it. */
export function learningRate(config: TrainingConfig, epoch: number, fraction = 0): number {
  const t = epoch + fraction;
  const base = config.lr;
  if (config.warmupEpochs > 0 && t < config.warmupEpochs) {
    return (base * (t + 1e-9)) / config.warmupEpochs;
  }
  const schedule = config.schedule;
  switch (schedule.type) {
    case 'constant':
      return base;
    case 'step': {
      // Reference semantics: the milestone epoch itself already runs at the reduced rate.
      const passed = schedule.milestones.filter((m) => epoch >= m).length;
      return base * schedule.gamma ** passed;
    }
    case 'cosine': {
      const span = Math.max(config.epochs - config.warmupEpochs, 1e-9);
      const progress = Math.min(Math.max((t - config.warmupEpochs) / span, 0), 1);
      return schedule.minLr + 0.5 * (base - schedule.minLr) * (1 + Math.cos(Math.PI * progress));
    }
    default:
      return missingCase(schedule);
  }
}
