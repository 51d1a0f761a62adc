CREATE TABLE ward (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL,
    province TEXT NOT NULL,
    receiving_agency TEXT NOT NULL
, version INTEGER NOT NULL DEFAULT 1);

CREATE TABLE establishment_type (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL DEFAULT '',
    sort_order INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE establishment (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (name <> ''),
    name_fold TEXT NOT NULL,
    type_id INTEGER NOT NULL REFERENCES establishment_type(id),
    street TEXT NOT NULL DEFAULT '',
    residential_group TEXT NOT NULL DEFAULT '',
    owner_name TEXT NOT NULL DEFAULT '',
    owner_phone TEXT NOT NULL DEFAULT '',
    licence_no TEXT NOT NULL DEFAULT '',
    risk_level TEXT NOT NULL DEFAULT 'low' CHECK (risk_level IN ('low','medium','high')),
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','suspended','closed')),
    notes TEXT NOT NULL DEFAULT '',
    search_fold TEXT NOT NULL DEFAULT ''
, version INTEGER NOT NULL DEFAULT 1, business_reg_no TEXT NOT NULL DEFAULT '', licence_issued TEXT, licence_expires TEXT, security_certificate INTEGER NOT NULL DEFAULT 0, workers INTEGER NOT NULL DEFAULT 0 CHECK (workers >= 0), workers_health_checked INTEGER NOT NULL DEFAULT 0
    CHECK (workers_health_checked >= 0), workers_reached INTEGER NOT NULL DEFAULT 0 CHECK (workers_reached >= 0), commitment_signed INTEGER NOT NULL DEFAULT 0, commitment_date TEXT, risk_reason TEXT NOT NULL DEFAULT '', status_date TEXT, archived INTEGER NOT NULL DEFAULT 0, address_fold TEXT NOT NULL DEFAULT '');

CREATE INDEX establishment_name_fold ON establishment(name_fold);

CREATE INDEX establishment_type_id ON establishment(type_id);

CREATE TABLE account (
    id INTEGER PRIMARY KEY,
    login TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (login <> ''),
    display_name TEXT NOT NULL,
    roles TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1,
    password_hash TEXT NOT NULL,
    os_user TEXT UNIQUE,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE setting (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    account_id INTEGER,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    record_type TEXT NOT NULL,
    record_id INTEGER,
    before TEXT,
    after TEXT
);

CREATE INDEX audit_at ON audit(at);

CREATE INDEX audit_record ON audit(record_type, record_id);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;

CREATE INDEX establishment_licence ON establishment(licence_no);

CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);

INSERT INTO grdb_migrations VALUES ('v1-ward-and-establishments');

INSERT INTO grdb_migrations VALUES ('v2-accounts-audit-versions');

INSERT INTO grdb_migrations VALUES ('v3-establishment-register');
