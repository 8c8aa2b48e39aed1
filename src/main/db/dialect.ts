/**
 * Which database a workspace runs on: an embedded SQLite file (the desktop default) or a
 * PostgreSQL server (the team server). Repositories run one code path on both; the few places
 * where the SQL differs ask for the dialect and sit in `db/` as small seams.
 */
export type Dialect = 'sqlite' | 'postgres'
