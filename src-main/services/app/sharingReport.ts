// The sharing inspector's data (issue #6, Sharing inspector): for each stage a run saved groups
// for, the layer → group map with per-layer detail and the stage's sharing description (groups
// or banks with members and sizes), built by `describeSharing` from the saved layer lines, the
// same function the Budget screen and `npas inspect` use (issue #12 item 1); and the
// coefficient vectors read from the run's last checkpoint as plain numbers.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type {
  CoefficientWire,
  MethodWire,
  SharingLayerWire,
  SharingReport,
  SharingStageWire,
} from '../../contract/wire';
import { AssertionError } from '../../contract/errors';
import { describeSharing } from '../../engine/npas/sharingDescription';
import { readCheckpoint } from '../../engine/train/checkpoint';
import { getGroups, requireRun, type GroupRow, type ReadableDb, type RunId } from '../../store';

/** Templates a layer's detail names: SSN `templates`, SuperWeights summed over its windows. */
function layerTemplates(detail: Record<string, unknown>): number | null {
  if (typeof detail.templates === 'number') return detail.templates;
  if (Array.isArray(detail.levels)) {
    return detail.levels.reduce(
      (sum: number, level: { templates?: unknown }) =>
        sum + (typeof level.templates === 'number' ? level.templates : 0),
      0,
    );
  }
  return null;
}

function toLayer(row: GroupRow): SharingLayerWire {
  const { shape, params, ...detail } = row.detail as Record<string, unknown> & {
    shape?: number[];
    params?: number;
  };
  return {
    layerId: row.layerId,
    layerName: row.layerName,
    groupId: row.groupId,
    shape: Array.isArray(shape) ? shape : [],
    params: typeof params === 'number' ? params : 0,
    templates: layerTemplates(detail),
    detail,
  };
}

/** Which layer and group a coefficient parameter belongs to. */
function coefficientOwner(
  name: string,
  main: readonly SharingLayerWire[],
): { layerId: number | null; groupId: number | null } | null {
  const ssn = /^ssn\.layer(\d+)\.coefficients$/.exec(name);
  if (ssn) {
    const layerId = Number(ssn[1]);
    return { layerId, groupId: main.find((l) => l.layerId === layerId)?.groupId ?? null };
  }
  const sw = /^sw\.alpha(\d+)$/.exec(name);
  if (sw) {
    const slot = Number(sw[1]);
    const owners = main.filter((l) =>
      (l.detail.levels as { coefficient?: number }[] | undefined)?.some(
        (v) => v.coefficient === slot,
      ),
    );
    return {
      layerId: owners.length === 1 ? owners[0].layerId : null,
      groupId: owners.length ? owners[0].groupId : null,
    };
  }
  return null;
}

function readCoefficients(file: string, main: readonly SharingLayerWire[]): CoefficientWire[] {
  const checkpoint = readCheckpoint(file);
  const out: CoefficientWire[] = [];
  for (const tensor of checkpoint.tensors) {
    if (!tensor.name.startsWith('param:')) continue;
    const name = tensor.name.slice('param:'.length);
    const owner = coefficientOwner(name, main);
    if (!owner) continue;
    out.push({ name, ...owner, shape: tensor.shape, values: Array.from(tensor.values) });
  }
  return out;
}

/** The sharing report of run `runId`; `runDir` is where its checkpoints live. */
export function sharingReport(db: ReadableDb, runId: RunId, runDir: string): SharingReport {
  const run = requireRun(db, runId);
  const notes: string[] = [];
  const method = run.method as MethodWire;
  const byStage = new Map<string, GroupRow[]>();
  for (const row of getGroups(db, runId))
    byStage.set(row.stage, [...(byStage.get(row.stage) ?? []), row]);
  const stages: SharingStageWire[] = [...byStage.entries()].map(([stage, rows]) => {
    const layers = rows.map(toLayer);
    const lines = layers.map((l) => ({
      id: l.layerId,
      name: l.layerName,
      shape: l.shape,
      params: l.params,
      group: l.groupId,
      detail: l.detail,
    }));
    try {
      return { stage, layers, sharing: describeSharing(method, lines) };
    } catch (error) {
      // Runs recorded before layer lines carried their group/bank sizes: layers only.
      if (!(error instanceof AssertionError)) throw error;
      notes.push(`${stage}: group sizes unavailable (${error.message})`);
      return { stage, layers, sharing: { ...describeSharing('unshared', lines), method } };
    }
  });
  if (!stages.length)
    notes.push('no sharing groups saved yet: they are recorded when training starts');
  const main = stages.find((s) => s.stage === 'main')?.layers ?? stages.at(-1)?.layers ?? [];
  const file = join(runDir, 'last.ckpt');
  let coefficients: CoefficientWire[] = [];
  let checkpoint: string | null = null;
  if (!existsSync(file)) {
    notes.push('no checkpoint yet: coefficients appear after the first epoch is saved');
  } else {
    try {
      coefficients = readCoefficients(file, main);
      checkpoint = file;
    } catch (error) {
      notes.push(`coefficients unavailable: ${(error as Error).message}`);
    }
  }
  return { runId, method, stages, coefficients, checkpoint, notes };
}
