import type Database from 'better-sqlite3'
import { type Kysely, sql } from 'kysely'

/**
 * A database's schema as the catalogue tells it, in one shape for both dialects, so that each can
 * be kept in a snapshot and the two compared. Types are normalised to SQLite's affinities
 * (`integer`, `text`) for the comparison, with PostgreSQL's exact type kept beside.
 */
export interface CatalogueColumn {
  name: string
  /** `integer` or `text` (or the raw type when neither). */
  type: string
  /** PostgreSQL's own type (`bigint`, `smallint`, `citext`, `text COLLATE "C"`, ...); SQLite's declared type. */
  declared: string
  notNull: boolean
  primaryKey: boolean
  /** The default as written, without PostgreSQL's casts; identities and generated columns say so. */
  default: string | null
}
export interface CatalogueIndex {
  name: string
  unique: boolean
  /** Column names; an expression is written as `expr`. */
  columns: string[]
  /** The partial index's condition, as the dialect prints it. */
  where: string | null
  method: string
}
export interface CatalogueForeignKey {
  columns: string[]
  table: string
  refColumns: string[]
  onDelete: string
}
export interface CatalogueTable {
  name: string
  columns: CatalogueColumn[]
  indexes: CatalogueIndex[]
  /** Unique constraints (not named indexes), as column lists. */
  uniques: string[][]
  foreignKeys: CatalogueForeignKey[]
  checks: string[]
  triggers: string[]
}

export function normaliseType(declared: string): string {
  const t = declared.toLowerCase()
  if (/^(integer|bigint|smallint|int\b|int[248]\b)/.test(t)) return 'integer'
  if (/^(text|citext|character varying|varchar)/.test(t)) return 'text'
  return t
}

const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name)
const listOrder = (a: string[], b: string[]) => a.join(',').localeCompare(b.join(','))
const fkOrder = (a: CatalogueForeignKey, b: CatalogueForeignKey) =>
  `${a.columns.join(',')}>${a.table}`.localeCompare(`${b.columns.join(',')}>${b.table}`)

/** The CHECK (...) clauses of a CREATE TABLE statement, balanced parentheses included. */
function checkClauses(createSql: string): string[] {
  const checks: string[] = []
  const re = /\bCHECK\s*\(/gi
  let m: RegExpExecArray | null
  while ((m = re.exec(createSql))) {
    let depth = 0
    let i = m.index + m[0].length - 1
    for (; i < createSql.length; i++) {
      if (createSql[i] === '(') depth++
      else if (createSql[i] === ')' && --depth === 0) break
    }
    checks.push(
      createSql
        .slice(m.index + m[0].length, i)
        .replace(/\s+/g, ' ')
        .trim(),
    )
  }
  return checks.sort()
}

/** Column definitions of a CREATE TABLE statement: its body split at top-level commas. */
function columnDefinitions(createSql: string): Map<string, string> {
  const body = createSql.slice(createSql.indexOf('(') + 1, createSql.lastIndexOf(')'))
  const parts: string[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '(') depth++
    else if (body[i] === ')') depth--
    else if (body[i] === ',' && depth === 0) {
      parts.push(body.slice(start, i))
      start = i + 1
    }
  }
  parts.push(body.slice(start))
  return new Map(parts.map((p) => p.trim()).map((p) => [p.split(/\s+/)[0]?.replace(/"/g, '') ?? '', p]))
}

export function sqliteCatalogue(sqlite: Database.Database): CatalogueTable[] {
  const tables = sqlite
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all() as { name: string; sql: string }[]
  return tables.sort(byName).map(({ name, sql: createSql }) => {
    const definitions = createSql ? columnDefinitions(createSql) : new Map<string, string>()
    const columns = (
      sqlite.prepare('SELECT * FROM pragma_table_info(?)').all(name) as {
        name: string
        type: string
        notnull: number
        dflt_value: string | null
        pk: number
      }[]
    ).map((c) => ({
      name: c.name,
      type: normaliseType(c.type),
      declared: /\bCOLLATE\s+NOCASE\b/i.test(definitions.get(c.name) ?? '') ? `${c.type} COLLATE NOCASE` : c.type,
      // SQLite lets a non-INTEGER primary key be NULL; the app never writes one.
      notNull: c.notnull === 1 || c.pk > 0,
      primaryKey: c.pk > 0,
      default: c.dflt_value,
    }))
    const indexes: CatalogueIndex[] = []
    const uniques: string[][] = []
    const list = sqlite.prepare('SELECT * FROM pragma_index_list(?)').all(name) as {
      name: string
      unique: number
      origin: string
      partial: number
    }[]
    for (const index of list) {
      const cols = (
        sqlite.prepare('SELECT name FROM pragma_index_xinfo(?) WHERE key = 1 ORDER BY seqno').all(index.name) as {
          name: string | null
        }[]
      ).map((c) => c.name ?? 'expr')
      if (index.origin === 'pk') continue
      if (index.origin === 'u') {
        uniques.push(cols)
        continue
      }
      const text = (sqlite.prepare('SELECT sql FROM sqlite_master WHERE name = ?').get(index.name) as { sql: string })
        .sql
      const where = index.partial ? (/\bWHERE\s+([\s\S]*)$/i.exec(text)?.[1]?.trim() ?? '?') : null
      indexes.push({ name: index.name, unique: index.unique === 1, columns: cols, where, method: 'btree' })
    }
    const fks = new Map<number, CatalogueForeignKey>()
    for (const fk of sqlite.prepare('SELECT * FROM pragma_foreign_key_list(?) ORDER BY id, seq').all(name) as {
      id: number
      table: string
      from: string
      to: string
      on_delete: string
    }[]) {
      const entry = fks.get(fk.id) ?? { columns: [], table: fk.table, refColumns: [], onDelete: fk.on_delete }
      entry.columns.push(fk.from)
      entry.refColumns.push(fk.to)
      fks.set(fk.id, entry)
    }
    const triggers = (
      sqlite
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? ORDER BY name")
        .all(name) as { name: string }[]
    ).map((t) => t.name)
    return {
      name,
      columns,
      indexes: indexes.sort(byName),
      uniques: uniques.sort(listOrder),
      foreignKeys: [...fks.values()].sort(fkOrder),
      checks: createSql ? checkClauses(createSql) : [],
      triggers,
    }
  })
}

const ON_DELETE: Record<string, string> = {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
}

/** PostgreSQL prints `'[]'::text`; SQLite keeps `'[]'`. */
function pgDefault(expr: string | null, identity: boolean, generated: string | null): string | null {
  if (identity) return 'identity'
  if (generated) return `generated: ${generated}`
  if (expr === null) return null
  return expr.replace(/::(text|citext|bigint|smallint|integer|character varying)$/, '')
}

export async function postgresCatalogue<T>(db: Kysely<T>): Promise<CatalogueTable[]> {
  const tables = (
    await sql<{ name: string }>`
      SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(db)
  ).rows
  const columnRows = (
    await sql<{
      table: string
      name: string
      declared: string
      not_null: boolean
      primary_key: boolean
      default: string | null
      identity: boolean
      generated: string | null
    }>`
      SELECT c.relname AS table, a.attname AS name,
        format_type(a.atttypid, a.atttypmod) ||
          CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation
            THEN ' COLLATE "' || co.collname || '"' ELSE '' END AS declared,
        a.attnotnull AS not_null,
        EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary AND a.attnum = ANY (i.indkey))
          AS primary_key,
        CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END AS default,
        a.attidentity <> '' AS identity,
        CASE WHEN a.attgenerated <> '' THEN pg_get_expr(d.adbin, d.adrelid) END AS generated
      FROM pg_attribute a
      JOIN pg_class c ON c.oid = a.attrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
      JOIN pg_type t ON t.oid = a.atttypid
      LEFT JOIN pg_collation co ON co.oid = a.attcollation
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY c.relname, a.attnum`.execute(db)
  ).rows
  const indexRows = (
    await sql<{
      table: string
      name: string
      unique: boolean
      columns: string[]
      where: string | null
      method: string
      constraint: string | null
    }>`
      SELECT t.relname AS table, ic.relname AS name, i.indisunique AS unique,
        ARRAY(SELECT CASE WHEN i.indkey[k] = 0 THEN 'expr' ELSE pg_get_indexdef(i.indexrelid, k + 1, true) END
              FROM generate_series(0, i.indnkeyatts - 1) AS k ORDER BY k) AS columns,
        pg_get_expr(i.indpred, i.indrelid) AS where,
        am.amname AS method,
        (SELECT con.contype FROM pg_constraint con WHERE con.conindid = i.indexrelid AND con.contype IN ('p','u'))
          AS constraint
      FROM pg_index i
      JOIN pg_class t ON t.oid = i.indrelid
      JOIN pg_class ic ON ic.oid = i.indexrelid
      JOIN pg_am am ON am.oid = ic.relam
      JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
      ORDER BY t.relname, ic.relname`.execute(db)
  ).rows
  const constraintRows = (
    await sql<{
      table: string
      type: string
      definition: string
      columns: string[]
      ref_table: string | null
      ref_columns: string[] | null
      on_delete: string
    }>`
      SELECT t.relname AS table, con.contype AS type, pg_get_constraintdef(con.oid, true) AS definition,
        ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
              JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
        r.relname AS ref_table,
        ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
              JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord) AS ref_columns,
        con.confdeltype AS on_delete
      FROM pg_constraint con
      JOIN pg_class t ON t.oid = con.conrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
      LEFT JOIN pg_class r ON r.oid = con.confrelid
      WHERE con.contype IN ('u', 'f', 'c')
      ORDER BY t.relname, con.conname`.execute(db)
  ).rows
  const triggerRows = (
    await sql<{ table: string; name: string }>`
      SELECT c.relname AS table, tg.tgname AS name FROM pg_trigger tg
      JOIN pg_class c ON c.oid = tg.tgrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
      WHERE NOT tg.tgisinternal ORDER BY c.relname, tg.tgname`.execute(db)
  ).rows

  return tables.sort(byName).map(({ name }) => ({
    name,
    columns: columnRows
      .filter((c) => c.table === name)
      .map((c) => ({
        name: c.name,
        type: normaliseType(c.declared),
        declared: c.declared,
        notNull: c.not_null,
        primaryKey: c.primary_key,
        default: pgDefault(c.default, c.identity, c.generated),
      })),
    indexes: indexRows
      .filter((i) => i.table === name && i.constraint === null)
      .map((i) => ({ name: i.name, unique: i.unique, columns: i.columns, where: i.where, method: i.method }))
      .sort(byName),
    uniques: constraintRows
      .filter((c) => c.table === name && c.type === 'u')
      .map((c) => c.columns)
      .sort(listOrder),
    foreignKeys: constraintRows
      .filter((c) => c.table === name && c.type === 'f')
      .map((c) => ({
        columns: c.columns,
        table: c.ref_table ?? '?',
        refColumns: c.ref_columns ?? [],
        onDelete: ON_DELETE[c.on_delete] ?? c.on_delete,
      }))
      .sort(fkOrder),
    checks: constraintRows
      .filter((c) => c.table === name && c.type === 'c')
      .map((c) => c.definition.replace(/^CHECK /, ''))
      .sort(),
    triggers: triggerRows
      .filter((t) => t.table === name)
      .map((t) => t.name)
      .sort(),
  }))
}

/** One line per fact, stable, for a snapshot file a reviewer can read in a diff. */
export function formatCatalogue(tables: readonly CatalogueTable[]): string {
  const lines: string[] = []
  for (const t of tables) {
    lines.push(`table ${t.name}`)
    for (const c of t.columns) {
      const flags = [c.primaryKey ? 'primary key' : '', c.notNull ? 'not null' : 'null'].filter(Boolean).join(' ')
      lines.push(`  column ${c.name} ${c.declared} ${flags}${c.default !== null ? ` default ${c.default}` : ''}`)
    }
    for (const u of t.uniques) lines.push(`  unique (${u.join(', ')})`)
    for (const i of t.indexes) {
      const kind = `${i.unique ? 'unique ' : ''}index${i.method !== 'btree' ? ` using ${i.method}` : ''}`
      lines.push(
        `  ${kind} ${i.name} (${i.columns.join(', ')})${i.where ? ` where ${i.where.replace(/\s+/g, ' ')}` : ''}`,
      )
    }
    for (const f of t.foreignKeys) {
      lines.push(
        `  foreign key (${f.columns.join(', ')}) -> ${f.table}(${f.refColumns.join(', ')}) on delete ${f.onDelete}`,
      )
    }
    for (const c of t.checks) lines.push(`  check ${c}`)
    for (const tr of t.triggers) lines.push(`  trigger ${tr}`)
  }
  return `${lines.join('\n')}\n`
}

/**
 * Where the dialects differ on purpose (the full-text seam): SQLite's FTS5 table, its shadow
 * tables and triggers; PostgreSQL's generated `tsvector` column and its GIN index.
 */
const SQLITE_ONLY_TABLE = /^leads_fts(_.*)?$/
const SQLITE_ONLY_TRIGGER = /^leads_fts_/
const POSTGRES_ONLY_COLUMNS = new Set(['leads.search_doc'])
const POSTGRES_ONLY_INDEXES = new Set(['leads_search'])

/**
 * What differs between a SQLite and a PostgreSQL schema beyond the full-text seam: tables,
 * columns (affinity, nullability, primary key, default), unique constraints, foreign keys,
 * named indexes (uniqueness, columns, partial or not), the number of checks, triggers.
 * Empty when repositories can treat both alike.
 */
export function dialectDifferences(sqlite: readonly CatalogueTable[], postgres: readonly CatalogueTable[]): string[] {
  const out: string[] = []
  const lite = new Map(sqlite.filter((t) => !SQLITE_ONLY_TABLE.test(t.name)).map((t) => [t.name, t]))
  const pg = new Map(postgres.map((t) => [t.name, t]))
  for (const name of lite.keys()) if (!pg.has(name)) out.push(`table ${name}: only on SQLite`)
  for (const name of pg.keys()) if (!lite.has(name)) out.push(`table ${name}: only on PostgreSQL`)
  for (const [name, l] of lite) {
    const p = pg.get(name)
    if (!p) continue
    const pCols = new Map(
      p.columns.filter((c) => !POSTGRES_ONLY_COLUMNS.has(`${name}.${c.name}`)).map((c) => [c.name, c]),
    )
    for (const lc of l.columns) {
      const pc = pCols.get(lc.name)
      if (!pc) {
        out.push(`column ${name}.${lc.name}: only on SQLite`)
        continue
      }
      pCols.delete(lc.name)
      // SQLite's INTEGER PRIMARY KEY is its rowid; PostgreSQL's is an identity.
      const pDefault = pc.default === 'identity' && lc.primaryKey && lc.type === 'integer' ? null : pc.default
      // SQLite's NOCASE columns are citext on PostgreSQL: both compare and stay unique ignoring case.
      const caseless = (c: CatalogueColumn) => /COLLATE NOCASE$/.test(c.declared) || c.declared.startsWith('citext')
      const facts = (c: CatalogueColumn, d: string | null) =>
        `${c.type}${caseless(c) ? ' ignoring case' : ''}${c.notNull ? ' not null' : ''}${c.primaryKey ? ' primary key' : ''} default ${d}`
      const [a, b] = [facts(lc, lc.default), facts(pc, pDefault)]
      if (a !== b) out.push(`column ${name}.${lc.name}: SQLite ${a}, PostgreSQL ${b}`)
    }
    for (const c of pCols.keys()) out.push(`column ${name}.${c}: only on PostgreSQL`)

    const same = (what: string, x: unknown, y: unknown) => {
      const [a, b] = [JSON.stringify(x), JSON.stringify(y)]
      if (a !== b) out.push(`${what} of ${name}: SQLite ${a}, PostgreSQL ${b}`)
    }
    same('unique constraints', l.uniques, p.uniques)
    same('foreign keys', l.foreignKeys, p.foreignKeys)
    same('number of checks', l.checks.length, p.checks.length)
    same('triggers', l.triggers.filter((t) => !SQLITE_ONLY_TRIGGER.test(t)).sort(), [...p.triggers].sort())
    const shape = (i: CatalogueIndex) => ({
      name: i.name,
      unique: i.unique,
      columns: i.columns,
      partial: i.where !== null,
    })
    same('indexes', l.indexes.map(shape), p.indexes.filter((i) => !POSTGRES_ONLY_INDEXES.has(i.name)).map(shape))
  }
  return out
}
