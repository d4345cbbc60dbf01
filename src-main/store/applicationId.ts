// The mark NPAS Studio writes in the SQLite header of its databases.

/** 'NPAS' in ASCII: marks the file as ours in the SQLite header (PRAGMA application_id). */
export const NPAS_APPLICATION_ID = 0x4e504153;
