import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WritableDb } from '../../../../src-main/store/db';
import { getGroups, listGroupStages, setGroups } from '../../../../src-main/store/queries/groups';
import { DB_KINDS, cleanupFolders, createDb, makeRun } from '../helpers/storeFixtures';

describe.each(DB_KINDS)('sharing groups on a %s database', (kind) => {
  let db: WritableDb;
  beforeEach(() => {
    db = createDb(kind);
  });
  afterEach(() => {
    db.close();
    cleanupFolders();
  });

  it('saves each stage’s layer-to-group map with its detail and reads it back by layer', () => {
    const { id } = makeRun(db);
    setGroups(db, id, 'search', [
      { layerId: 1, layerName: 'block1.conv2', groupId: 0, detail: { bank: 0, templates: 4 } },
      { layerId: 0, layerName: 'block1.conv1', groupId: 0 },
    ]);
    setGroups(db, id, 'main', [{ layerId: 0, layerName: 'block1.conv1', groupId: 2 }]);
    expect(getGroups(db, id, 'search')).toEqual([
      { runId: id, stage: 'search', layerId: 0, layerName: 'block1.conv1', groupId: 0, detail: {} },
      {
        runId: id,
        stage: 'search',
        layerId: 1,
        layerName: 'block1.conv2',
        groupId: 0,
        detail: { bank: 0, templates: 4 },
      },
    ]);
    expect(getGroups(db, id).map((row) => [row.stage, row.layerId])).toEqual([
      ['main', 0],
      ['search', 0],
      ['search', 1],
    ]);
    expect(listGroupStages(db, id)).toEqual(['main', 'search']);
  });

  it('replaces a stage wholesale and leaves other stages alone', () => {
    const { id } = makeRun(db);
    setGroups(db, id, 'unsharing:10', [
      { layerId: 0, layerName: 'a', groupId: 0 },
      { layerId: 1, layerName: 'b', groupId: 0 },
    ]);
    setGroups(db, id, 'main', [{ layerId: 0, layerName: 'a', groupId: 0 }]);
    setGroups(db, id, 'unsharing:10', [{ layerId: 1, layerName: 'b', groupId: 3 }]);
    expect(getGroups(db, id, 'unsharing:10').map((row) => [row.layerId, row.groupId])).toEqual([
      [1, 3],
    ]);
    expect(getGroups(db, id, 'main')).toHaveLength(1);
  });

  it('refuses an empty stage name and keeps the old groups when a row is bad', () => {
    const { id } = makeRun(db);
    setGroups(db, id, 'main', [{ layerId: 0, layerName: 'a', groupId: 0 }]);
    expect(() => setGroups(db, id, ' ', [])).toThrow(/a group stage name cannot be empty/);
    const duplicate = [
      { layerId: 5, layerName: 'x', groupId: 1 },
      { layerId: 5, layerName: 'x', groupId: 2 },
    ];
    expect(() => setGroups(db, id, 'main', duplicate)).toThrow(/UNIQUE constraint failed/);
    expect(getGroups(db, id, 'main').map((row) => row.layerName)).toEqual(['a']);
  });
});
