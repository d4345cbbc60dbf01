// The sharing inspector's data (issue #6, Sharing inspector): for each stage a run saved groups
// for, the layer → group map with per-layer detail and per-group sizes (store/bank parameters
// and templates, from the run's config accounting when it matches the saved map), and the
// coefficient vectors read from the run's last checkpoint as plain numbers.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseRunConfig } from '../../contract/config';
import type {
  CoefficientWire,
  MethodWire,
  SharingGroupWire,
  SharingLayerWire,
  SharingReport,
  SharingStageWire,
} from '../../contract/wire';
import type { GroupAccount } from '../../engine/npas/provider';
import { readCheckpoint } from '../../engine/train/checkpoint';
import { getGroups, requireRun, type GroupRow, type ReadableDb, type RunId } from '../../store';
import { inspectConfig } from '../inspect';

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

function sameLayers(a: readonly number[], b: readonly number[]): boolean {
  return (
    a.length === b.length &&
    [...a].sort((x, y) => x - y).every((v, i) => v === [...b].sort((x, y) => x - y)[i])
  );
}

/** Groups of a stage; sizes come from the accounting group with exactly the same layers. */
function stageGroups(
  layers: SharingLayerWire[],
  accounted: readonly GroupAccount[],
): SharingGroupWire[] {
  const byGroup = new Map<number, SharingLayerWire[]>();
  for (const layer of layers)
    byGroup.set(layer.groupId, [...(byGroup.get(layer.groupId) ?? []), layer]);
  return [...byGroup.entries()]
    .sort(([a], [b]) => a - b)
    .map(([groupId, members]) => {
      const ids = members.map((m) => m.layerId);
      const match = accounted.find((g) => g.id === groupId && sameLayers(g.layers, ids));
      const templates = match?.detail?.templates;
      return {
        groupId,
        layers: ids,
        layerParams: members.reduce((sum, m) => sum + m.params, 0),
        storeParams: match?.storeParams ?? null,
        templates:
          typeof templates === 'number'
            ? templates
            : members.reduce((max, m) => Math.max(max, m.templates ?? 0), 0) || null,
        detail: match?.detail ?? {},
      };
    });
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
  let accounted: readonly GroupAccount[] = [];
  try {
    accounted = inspectConfig(parseRunConfig(JSON.parse(run.config), `run '${runId}' config`))
      .accounting.groups;
  } catch (error) {
    notes.push(`store sizes unavailable: ${(error as Error).message}`);
  }
  const byStage = new Map<string, GroupRow[]>();
  for (const row of getGroups(db, runId))
    byStage.set(row.stage, [...(byStage.get(row.stage) ?? []), row]);
  const stages: SharingStageWire[] = [...byStage.entries()].map(([stage, rows]) => {
    const layers = rows.map(toLayer);
    return { stage, layers, groups: stageGroups(layers, accounted) };
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
  return { runId, method: run.method as MethodWire, stages, coefficients, checkpoint, notes };
}
