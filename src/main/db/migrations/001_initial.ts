import type { Migration } from '../migrate'

/**
 * The first schema. Frozen: never edit a shipped migration, add a new one.
 * Times are epoch milliseconds (UTC); money is integer cents; booleans are 0/1;
 * structured settings (conditions, schedules, mappings) are JSON text.
 */
export const initial: Migration = {
  name: '001_initial',
  statements: [
    `CREATE TABLE settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    )`,
    `CREATE TABLE roles (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE COLLATE NOCASE,
      permissions TEXT NOT NULL DEFAULT '[]',
      builtin INTEGER NOT NULL DEFAULT 0
    )`,
    `CREATE TABLE users (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      email TEXT NOT NULL UNIQUE COLLATE NOCASE,
      role_id INTEGER NOT NULL REFERENCES roles(id),
      password_hash TEXT NOT NULL,
      active INTEGER NOT NULL DEFAULT 1,
      created_at INTEGER NOT NULL,
      last_login_at INTEGER
    )`,
    `CREATE TABLE sessions (
      token_hash TEXT PRIMARY KEY,
      user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL
    )`,
    `CREATE TABLE distribution_plans (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      stages TEXT NOT NULL DEFAULT '[]',
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    )`,
    `CREATE TABLE categories (
      id INTEGER PRIMARY KEY,
      slug TEXT NOT NULL UNIQUE,
      name TEXT NOT NULL,
      archived INTEGER NOT NULL DEFAULT 0,
      match_conditions TEXT,
      duplicate_rule TEXT NOT NULL DEFAULT '{"keys":["email","phone"],"days":30}',
      audit_rule TEXT NOT NULL DEFAULT '{"conditions":null,"sourceIds":[],"samplePercent":0}',
      default_plan_id INTEGER REFERENCES distribution_plans(id) ON DELETE SET NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    )`,
    `CREATE TABLE fields (
      id INTEGER PRIMARY KEY,
      category_id INTEGER NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
      key TEXT NOT NULL,
      label TEXT NOT NULL,
      type TEXT NOT NULL CHECK (type IN ('text','email','phone','zip','number','date','boolean','choice')),
      required INTEGER NOT NULL DEFAULT 0,
      required_for_ping INTEGER NOT NULL DEFAULT 0,
      deliverable INTEGER NOT NULL DEFAULT 1,
      standard INTEGER NOT NULL DEFAULT 0,
      validation TEXT NOT NULL DEFAULT '{}',
      position INTEGER NOT NULL DEFAULT 0,
      UNIQUE (category_id, key)
    )`,
    `CREATE TABLE lead_types (
      id INTEGER PRIMARY KEY,
      category_id INTEGER NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      priority INTEGER NOT NULL DEFAULT 0,
      conditions TEXT,
      is_fallback INTEGER NOT NULL DEFAULT 0,
      plan_id INTEGER REFERENCES distribution_plans(id) ON DELETE SET NULL,
      active INTEGER NOT NULL DEFAULT 1,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    )`,
    // At most one fallback type per category.
    `CREATE UNIQUE INDEX lead_types_one_fallback ON lead_types(category_id) WHERE is_fallback = 1`,
    `CREATE TABLE sources (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      api_key_hash TEXT NOT NULL UNIQUE,
      api_key_hint TEXT NOT NULL,
      default_category_id INTEGER REFERENCES categories(id) ON DELETE SET NULL,
      cost_per_lead_cents INTEGER NOT NULL DEFAULT 0,
      active INTEGER NOT NULL DEFAULT 1,
      created_at INTEGER NOT NULL
    )`,
    `CREATE TABLE customers (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      email TEXT,
      phone TEXT,
      company TEXT,
      delivery TEXT NOT NULL DEFAULT '{"method":"none"}',
      balance_cents INTEGER NOT NULL DEFAULT 0,
      low_balance_cents INTEGER NOT NULL DEFAULT 0,
      active INTEGER NOT NULL DEFAULT 1,
      created_at INTEGER NOT NULL
    )`,
    `CREATE TABLE partners (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      ping_url TEXT,
      post_url TEXT NOT NULL,
      method TEXT NOT NULL DEFAULT 'POST',
      headers TEXT NOT NULL DEFAULT '{}',
      mapping TEXT NOT NULL DEFAULT '{}',
      response TEXT NOT NULL DEFAULT '{}',
      timeout_ms INTEGER NOT NULL DEFAULT 1000,
      min_price_cents INTEGER NOT NULL DEFAULT 0,
      active INTEGER NOT NULL DEFAULT 1,
      created_at INTEGER NOT NULL
    )`,
    `CREATE TABLE bids (
      id INTEGER PRIMARY KEY,
      customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
      lead_type_id INTEGER NOT NULL REFERENCES lead_types(id) ON DELETE CASCADE,
      price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
      scope TEXT NOT NULL DEFAULT '{"kind":"nationwide","values":[]}',
      filters TEXT,
      cap_day INTEGER,
      cap_week INTEGER,
      cap_month INTEGER,
      budget_day_cents INTEGER,
      budget_month_cents INTEGER,
      schedule TEXT,
      priority INTEGER NOT NULL DEFAULT 0,
      active INTEGER NOT NULL DEFAULT 1,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    )`,
    `CREATE INDEX bids_lead_type ON bids(lead_type_id)`,
    `CREATE TABLE buy_orders (
      id INTEGER PRIMARY KEY,
      customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
      lead_type_id INTEGER NOT NULL REFERENCES lead_types(id) ON DELETE CASCADE,
      filters TEXT,
      max_price_cents INTEGER NOT NULL,
      active INTEGER NOT NULL DEFAULT 1,
      created_at INTEGER NOT NULL
    )`,
    `CREATE TABLE import_batches (
      id INTEGER PRIMARY KEY,
      customer_id INTEGER REFERENCES customers(id) ON DELETE SET NULL,
      category_id INTEGER REFERENCES categories(id) ON DELETE SET NULL,
      file_name TEXT NOT NULL,
      rows_total INTEGER NOT NULL DEFAULT 0,
      rows_imported INTEGER NOT NULL DEFAULT 0,
      rows_rejected INTEGER NOT NULL DEFAULT 0,
      user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
      created_at INTEGER NOT NULL
    )`,
    `CREATE TABLE leads (
      id INTEGER PRIMARY KEY,
      uuid TEXT NOT NULL UNIQUE,
      status TEXT NOT NULL,
      first_name TEXT,
      last_name TEXT,
      email TEXT,
      phone TEXT,
      address TEXT,
      city TEXT,
      county TEXT,
      state TEXT,
      zip TEXT,
      details TEXT NOT NULL DEFAULT '{}',
      source_id INTEGER REFERENCES sources(id) ON DELETE SET NULL,
      category_id INTEGER REFERENCES categories(id) ON DELETE SET NULL,
      lead_type_id INTEGER REFERENCES lead_types(id) ON DELETE SET NULL,
      customer_id INTEGER REFERENCES customers(id) ON DELETE SET NULL,
      bid_id INTEGER REFERENCES bids(id) ON DELETE SET NULL,
      partner_id INTEGER REFERENCES partners(id) ON DELETE SET NULL,
      charged_cents INTEGER,
      cost_cents INTEGER,
      ping_record_id INTEGER,
      post_record_id INTEGER,
      import_batch_id INTEGER REFERENCES import_batches(id) ON DELETE SET NULL,
      idempotency_key TEXT,
      delivery_status TEXT,
      return_reason TEXT,
      returned_at INTEGER,
      assigned_at INTEGER,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    )`,
    // Every filter of the leads table is paired with the default sort (newest first).
    `CREATE INDEX leads_created ON leads(created_at)`,
    `CREATE INDEX leads_status_created ON leads(status, created_at)`,
    `CREATE INDEX leads_category_created ON leads(category_id, created_at)`,
    `CREATE INDEX leads_type_created ON leads(lead_type_id, created_at)`,
    `CREATE INDEX leads_source_created ON leads(source_id, created_at)`,
    `CREATE INDEX leads_customer_created ON leads(customer_id, created_at)`,
    `CREATE INDEX leads_email ON leads(email, created_at)`,
    `CREATE INDEX leads_phone ON leads(phone, created_at)`,
    `CREATE INDEX leads_bid_assigned ON leads(bid_id, assigned_at) WHERE bid_id IS NOT NULL`,
    `CREATE UNIQUE INDEX leads_idempotency ON leads(source_id, idempotency_key) WHERE idempotency_key IS NOT NULL`,
    `CREATE VIRTUAL TABLE leads_fts USING fts5(
      first_name, last_name, email, phone,
      content='leads', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
    )`,
    `CREATE TRIGGER leads_fts_insert AFTER INSERT ON leads BEGIN
      INSERT INTO leads_fts(rowid, first_name, last_name, email, phone)
      VALUES (new.id, new.first_name, new.last_name, new.email, new.phone);
    END`,
    `CREATE TRIGGER leads_fts_delete AFTER DELETE ON leads BEGIN
      INSERT INTO leads_fts(leads_fts, rowid, first_name, last_name, email, phone)
      VALUES ('delete', old.id, old.first_name, old.last_name, old.email, old.phone);
    END`,
    // Only contact edits touch the index; status changes during distribution do not.
    `CREATE TRIGGER leads_fts_update AFTER UPDATE OF first_name, last_name, email, phone ON leads BEGIN
      INSERT INTO leads_fts(leads_fts, rowid, first_name, last_name, email, phone)
      VALUES ('delete', old.id, old.first_name, old.last_name, old.email, old.phone);
      INSERT INTO leads_fts(rowid, first_name, last_name, email, phone)
      VALUES (new.id, new.first_name, new.last_name, new.email, new.phone);
    END`,
    `CREATE TABLE lead_events (
      id INTEGER PRIMARY KEY,
      lead_id INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
      at INTEGER NOT NULL,
      stage TEXT NOT NULL,
      kind TEXT NOT NULL,
      message TEXT NOT NULL,
      data TEXT
    )`,
    `CREATE INDEX lead_events_lead ON lead_events(lead_id, id)`,
    `CREATE TABLE wallet_transactions (
      id INTEGER PRIMARY KEY,
      customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN ('deposit','charge','credit','adjustment')),
      amount_cents INTEGER NOT NULL,
      lead_id INTEGER REFERENCES leads(id) ON DELETE SET NULL,
      user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
      reason TEXT,
      created_at INTEGER NOT NULL
    )`,
    `CREATE INDEX wallet_transactions_customer ON wallet_transactions(customer_id, id)`,
    `CREATE INDEX wallet_transactions_lead ON wallet_transactions(lead_id) WHERE lead_id IS NOT NULL`,
    `CREATE TABLE pingpost_records (
      id INTEGER PRIMARY KEY,
      public_id TEXT NOT NULL UNIQUE,
      direction TEXT NOT NULL CHECK (direction IN ('inbound','outbound')),
      kind TEXT NOT NULL CHECK (kind IN ('ping','post')),
      lead_id INTEGER REFERENCES leads(id) ON DELETE SET NULL,
      partner_id INTEGER REFERENCES partners(id) ON DELETE SET NULL,
      source_id INTEGER REFERENCES sources(id) ON DELETE SET NULL,
      bid_id INTEGER REFERENCES bids(id) ON DELETE SET NULL,
      url TEXT,
      payload TEXT,
      response TEXT,
      status_code INTEGER,
      price_cents INTEGER,
      latency_ms INTEGER,
      outcome TEXT NOT NULL,
      reference TEXT,
      expires_at INTEGER,
      created_at INTEGER NOT NULL
    )`,
    `CREATE INDEX pingpost_lead ON pingpost_records(lead_id) WHERE lead_id IS NOT NULL`,
    `CREATE TABLE marketplace_listings (
      id INTEGER PRIMARY KEY,
      lead_id INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN ('auction','reverse')),
      status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','sold','expired','closed','cancelled')),
      customer_id INTEGER REFERENCES customers(id) ON DELETE SET NULL,
      start_price_cents INTEGER,
      floor_price_cents INTEGER,
      decrement_cents INTEGER,
      interval_ms INTEGER,
      direct_post_partner_id INTEGER REFERENCES partners(id) ON DELETE SET NULL,
      opened_at INTEGER NOT NULL,
      closes_at INTEGER,
      closed_at INTEGER,
      winner_customer_id INTEGER REFERENCES customers(id) ON DELETE SET NULL,
      winner_source_id INTEGER REFERENCES sources(id) ON DELETE SET NULL,
      price_cents INTEGER
    )`,
    `CREATE INDEX marketplace_open ON marketplace_listings(status, kind)`,
    `CREATE INDEX marketplace_lead ON marketplace_listings(lead_id)`,
    `CREATE TABLE reverse_offers (
      id INTEGER PRIMARY KEY,
      listing_id INTEGER NOT NULL REFERENCES marketplace_listings(id) ON DELETE CASCADE,
      source_id INTEGER REFERENCES sources(id) ON DELETE SET NULL,
      user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
      price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
      note TEXT,
      created_at INTEGER NOT NULL
    )`,
    `CREATE INDEX reverse_offers_listing ON reverse_offers(listing_id, price_cents)`,
    `CREATE TABLE deliveries (
      id INTEGER PRIMARY KEY,
      lead_id INTEGER NOT NULL REFERENCES leads(id) ON DELETE CASCADE,
      customer_id INTEGER REFERENCES customers(id) ON DELETE SET NULL,
      attempt INTEGER NOT NULL,
      url TEXT,
      request TEXT,
      response TEXT,
      status_code INTEGER,
      latency_ms INTEGER,
      ok INTEGER NOT NULL DEFAULT 0,
      error TEXT,
      created_at INTEGER NOT NULL
    )`,
    `CREATE INDEX deliveries_lead ON deliveries(lead_id, id)`,
    `CREATE TABLE audit_log (
      id INTEGER PRIMARY KEY,
      user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
      user_name TEXT,
      action TEXT NOT NULL,
      target_type TEXT NOT NULL,
      target_id TEXT,
      summary TEXT,
      before TEXT,
      after TEXT,
      at INTEGER NOT NULL
    )`,
    `CREATE INDEX audit_log_at ON audit_log(at)`,
  ],
}
