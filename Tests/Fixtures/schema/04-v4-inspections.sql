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

CREATE TABLE checklist_item (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL DEFAULT '',
    sort_order INTEGER NOT NULL DEFAULT 0,
    active INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE hotspot (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (name <> ''),
    address TEXT NOT NULL DEFAULT '',
    residential_group TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    found_date TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('active','eliminated','reformed')),
    status_date TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE hotspot_status (
    id INTEGER PRIMARY KEY,
    hotspot_id INTEGER NOT NULL REFERENCES hotspot(id),
    status TEXT NOT NULL,
    date TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    actor TEXT NOT NULL
);

CREATE INDEX hotspot_status_hotspot ON hotspot_status(hotspot_id);

CREATE TABLE inspection_plan (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL CHECK (title <> ''),
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL CHECK (period_end >= period_start),
    author_name TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE tip (
    id INTEGER PRIMARY KEY,
    received_date TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('information','denunciation','complaint')),
    channel TEXT NOT NULL CHECK (channel IN ('hotline','in_person','letter','online','police')),
    anonymous INTEGER NOT NULL DEFAULT 0,
    reporter TEXT NOT NULL DEFAULT '',
    content TEXT NOT NULL CHECK (content <> ''),
    establishment_id INTEGER REFERENCES establishment(id),
    hotspot_id INTEGER REFERENCES hotspot(id),
    place TEXT NOT NULL DEFAULT '',
    verify_due TEXT NOT NULL,
    classify_due TEXT NOT NULL,
    handle_due TEXT NOT NULL,
    verified_date TEXT,
    verify_result TEXT NOT NULL DEFAULT '',
    classified_date TEXT,
    classification TEXT,
    handled_date TEXT,
    handle_result TEXT NOT NULL DEFAULT '',
    author_name TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);

CREATE INDEX tip_received ON tip(received_date);

CREATE INDEX tip_establishment ON tip(establishment_id);

CREATE TABLE visit (
    id INTEGER PRIMARY KEY,
    establishment_id INTEGER REFERENCES establishment(id),
    hotspot_id INTEGER REFERENCES hotspot(id),
    visit_date TEXT NOT NULL,
    visit_time TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL CHECK (kind IN ('planned','unannounced','follow_up')),
    status TEXT NOT NULL CHECK (status IN ('planned','draft','submitted','approved','returned')),
    team TEXT NOT NULL DEFAULT '',
    findings TEXT NOT NULL DEFAULT '',
    remedy_deadline TEXT,
    follow_up_due TEXT,
    follows_visit_id INTEGER REFERENCES visit(id),
    tip_id INTEGER REFERENCES tip(id),
    plan_id INTEGER REFERENCES inspection_plan(id),
    amends_visit_id INTEGER REFERENCES visit(id),
    superseded_by INTEGER REFERENCES visit(id),
    author_id INTEGER,
    author_name TEXT NOT NULL,
    submitted_at TEXT,
    reviewer_name TEXT NOT NULL DEFAULT '',
    reviewed_at TEXT,
    return_comment TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    CHECK ((establishment_id IS NULL) <> (hotspot_id IS NULL))
);

CREATE INDEX visit_date ON visit(visit_date);

CREATE INDEX visit_establishment ON visit(establishment_id, visit_date);

CREATE INDEX visit_hotspot ON visit(hotspot_id);

CREATE INDEX visit_follows ON visit(follows_visit_id);

CREATE INDEX visit_status ON visit(status);

CREATE TABLE visit_member (
    id INTEGER PRIMARY KEY,
    visit_id INTEGER NOT NULL REFERENCES visit(id),
    name TEXT NOT NULL,
    agency TEXT NOT NULL DEFAULT ''
);

CREATE INDEX visit_member_visit ON visit_member(visit_id);

CREATE TABLE visit_check (
    visit_id INTEGER NOT NULL REFERENCES visit(id),
    item_id INTEGER NOT NULL REFERENCES checklist_item(id),
    result TEXT NOT NULL CHECK (result IN ('ok','not_ok','not_checked')),
    PRIMARY KEY (visit_id, item_id)
);

CREATE TABLE violation (
    id INTEGER PRIMARY KEY,
    visit_id INTEGER NOT NULL REFERENCES visit(id),
    description TEXT NOT NULL CHECK (description <> ''),
    legal_basis TEXT NOT NULL DEFAULT '',
    handling TEXT NOT NULL CHECK (handling IN ('reminder','minutes','fine','suspension','police')),
    fine INTEGER NOT NULL DEFAULT 0 CHECK (fine >= 0)
);

CREATE INDEX violation_visit ON violation(visit_id);

CREATE TRIGGER visit_locked BEFORE UPDATE OF establishment_id, hotspot_id, visit_date, visit_time, kind,
    status, team, findings, remedy_deadline, follow_up_due, follows_visit_id, tip_id, plan_id,
    amends_visit_id, author_id, author_name, submitted_at, reviewer_name, reviewed_at, return_comment
    ON visit WHEN OLD.status = 'approved'
    BEGIN SELECT RAISE(ABORT, 'an approved visit is locked'); END;

CREATE TRIGGER visit_no_delete BEFORE DELETE ON visit WHEN OLD.status <> 'planned'
    BEGIN SELECT RAISE(ABORT, 'a visit record is never deleted'); END;

CREATE TRIGGER visit_member_locked_insert BEFORE INSERT ON visit_member
WHEN (SELECT status FROM visit WHERE id = NEW.visit_id) = 'approved'
BEGIN SELECT RAISE(ABORT, 'an approved visit is locked'); END;

CREATE TRIGGER visit_member_locked_update BEFORE UPDATE ON visit_member
WHEN (SELECT status FROM visit WHERE id = OLD.visit_id) = 'approved'
BEGIN SELECT RAISE(ABORT, 'an approved visit is locked'); END;

CREATE TRIGGER visit_member_locked_delete BEFORE DELETE ON visit_member
WHEN (SELECT status FROM visit WHERE id = OLD.visit_id) = 'approved'
BEGIN SELECT RAISE(ABORT, 'an approved visit is locked'); END;

CREATE TRIGGER visit_check_locked_insert BEFORE INSERT ON visit_check
WHEN (SELECT status FROM visit WHERE id = NEW.visit_id) = 'approved'
BEGIN SELECT RAISE(ABORT, 'an approved visit is locked'); END;

CREATE TRIGGER visit_check_locked_update BEFORE UPDATE ON visit_check
WHEN (SELECT status FROM visit WHERE id = OLD.visit_id) = 'approved'
BEGIN SELECT RAISE(ABORT, 'an approved visit is locked'); END;

CREATE TRIGGER visit_check_locked_delete BEFORE DELETE ON visit_check
WHEN (SELECT status FROM visit WHERE id = OLD.visit_id) = 'approved'
BEGIN SELECT RAISE(ABORT, 'an approved visit is locked'); END;

CREATE TRIGGER violation_locked_insert BEFORE INSERT ON violation
WHEN (SELECT status FROM visit WHERE id = NEW.visit_id) = 'approved'
BEGIN SELECT RAISE(ABORT, 'an approved visit is locked'); END;

CREATE TRIGGER violation_locked_update BEFORE UPDATE ON violation
WHEN (SELECT status FROM visit WHERE id = OLD.visit_id) = 'approved'
BEGIN SELECT RAISE(ABORT, 'an approved visit is locked'); END;

CREATE TRIGGER violation_locked_delete BEFORE DELETE ON violation
WHEN (SELECT status FROM visit WHERE id = OLD.visit_id) = 'approved'
BEGIN SELECT RAISE(ABORT, 'an approved visit is locked'); END;

CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);

INSERT INTO grdb_migrations VALUES ('v1-ward-and-establishments');

INSERT INTO grdb_migrations VALUES ('v2-accounts-audit-versions');

INSERT INTO grdb_migrations VALUES ('v3-establishment-register');

INSERT INTO grdb_migrations VALUES ('v4-inspections');
