// Rebuilds typed errors from their wire form (codebases.md §3.9 "Crossing a boundary"): a job's
// failure arrives from the engine as a WireError and leaves the service as the same class, so
// the command line's exit code and the UI's message match an in-process failure.
import {
  ArchitectureError,
  BackendError,
  BudgetError,
  BundleError,
  CheckpointError,
  ConfigError,
  DatasetError,
  ExecutorError,
  NpasError,
  TrainingError,
  type WireError,
} from '../../contract/errors';
import { missingCase } from '../../contract/assert';
import { StoreError } from '../../store';

/** The NpasError a WireError stands for (its message unchanged). */
export function fromWireError(wire: WireError): NpasError {
  const kind = wire.kind;
  switch (kind) {
    case 'config':
      return new ConfigError(wire.message);
    case 'dataset':
      return datasetError(wire.message);
    case 'backend':
      return new BackendError(wire.message);
    case 'budget':
      return new BudgetError(wire.message);
    case 'architecture':
      return new ArchitectureError(wire.message);
    case 'checkpoint':
      return new CheckpointError(wire.message);
    case 'store':
      return new StoreError(wire.message);
    case 'training':
      return new TrainingError(wire.message);
    case 'executor':
      return new ExecutorError('executor', wire.message);
    case 'bundle':
      return bundleError(wire.message);
    case 'internal':
      return new NpasError('internal', wire.message);
    default:
      return missingCase(kind);
  }
}

// DatasetError builds its message as `${file}: ${reason}`; split it back so `file` is set.
function datasetError(message: string): DatasetError {
  const colon = message.indexOf(': ');
  if (colon < 0) return new DatasetError('dataset', message);
  return new DatasetError(message.slice(0, colon), message.slice(colon + 2));
}

// BundleError builds its message as `${path}: ${reason}` too.
function bundleError(message: string): BundleError {
  const colon = message.indexOf(': ');
  if (colon < 0) return new BundleError('bundle', message);
  return new BundleError(message.slice(0, colon), message.slice(colon + 2));
}
