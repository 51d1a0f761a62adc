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
, chain TEXT);

CREATE INDEX audit_at ON audit(at);

CREATE INDEX audit_record ON audit(record_type, record_id);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;

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
, listed_visits INTEGER NOT NULL DEFAULT 0);

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
, reporter_sealed BLOB, search_fold TEXT NOT NULL DEFAULT '');

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
    version INTEGER NOT NULL DEFAULT 1, followed_up INTEGER NOT NULL DEFAULT 0,
    CHECK ((establishment_id IS NULL) <> (hotspot_id IS NULL))
);

CREATE INDEX visit_date ON visit(visit_date);

CREATE INDEX visit_establishment ON visit(establishment_id, visit_date);

CREATE INDEX visit_hotspot ON visit(hotspot_id);

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

CREATE TABLE ward_key (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    kdf TEXT NOT NULL,
    salt BLOB NOT NULL,
    wrapped BLOB NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE provider (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (name <> ''),
    address TEXT NOT NULL DEFAULT '',
    contact TEXT NOT NULL DEFAULT '',
    services TEXT NOT NULL DEFAULT '',
    active INTEGER NOT NULL DEFAULT 1,
    version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE support_case (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    sex TEXT NOT NULL CHECK (sex IN ('female','male','other','unknown')),
    age_group TEXT NOT NULL CHECK (age_group IN ('under18','18_24','25_34','35_49','50_plus','unknown')),
    residence TEXT NOT NULL CHECK (residence IN ('local','migrant','unknown')),
    source TEXT NOT NULL CHECK (source IN ('police_list','outreach','peer','self','tip')),
    first_contact TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open','on_hold','closed')),
    status_date TEXT NOT NULL,
    close_reason TEXT CHECK (close_reason IN ('goals_met','moved','declined','lost_contact')),
    identity BLOB,
    notes BLOB,
    author_name TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1, screened_on TEXT, needs_now INTEGER NOT NULL DEFAULT 0, first_used TEXT, target_groups TEXT NOT NULL DEFAULT '',
    CHECK ((status = 'closed') = (close_reason IS NOT NULL))
);

CREATE INDEX support_case_first_contact ON support_case(first_contact);

CREATE TABLE consent (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES support_case(id),
    date TEXT NOT NULL,
    recording INTEGER NOT NULL,
    services TEXT NOT NULL DEFAULT '',
    agencies TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL
);

CREATE INDEX consent_case ON consent(case_id);

CREATE TABLE screening (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES support_case(id),
    date TEXT NOT NULL,
    needs TEXT NOT NULL DEFAULT '',
    notes BLOB,
    author_name TEXT NOT NULL
);

CREATE INDEX screening_case ON screening(case_id);

CREATE TABLE case_contact (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES support_case(id),
    date TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('outreach','home_visit','phone','office','group')),
    notes BLOB,
    author_name TEXT NOT NULL
);

CREATE INDEX case_contact_case ON case_contact(case_id);

CREATE TABLE referral (
    id INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES support_case(id),
    service TEXT NOT NULL,
    provider_id INTEGER REFERENCES provider(id),
    status TEXT NOT NULL CHECK (status IN ('proposed','referred','received','used','declined','no_contact')),
    proposed_date TEXT NOT NULL,
    referred_date TEXT,
    received_date TEXT,
    used_date TEXT,
    ended_date TEXT,
    follow_up TEXT,
    outcome BLOB,
    referred_by TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);

CREATE INDEX referral_case ON referral(case_id);

CREATE INDEX referral_follow_up ON referral(follow_up);

CREATE TABLE activity (
    id INTEGER PRIMARY KEY,
    date TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('communication','training','other')),
    audience TEXT NOT NULL DEFAULT '',
    people INTEGER NOT NULL DEFAULT 0 CHECK (people >= 0),
    author_name TEXT NOT NULL
, channel TEXT NOT NULL DEFAULT '', reached TEXT NOT NULL DEFAULT '', trainees TEXT NOT NULL DEFAULT '', establishment_id INTEGER REFERENCES establishment(id));

CREATE INDEX activity_date ON activity(date);

CREATE TABLE report (
    id INTEGER PRIMARY KEY,
    period_code TEXT NOT NULL,
    kind TEXT NOT NULL,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    status TEXT NOT NULL CHECK (status IN ('draft','final','sent')),
    number TEXT NOT NULL DEFAULT '',
    narrative TEXT NOT NULL DEFAULT '{}',
    figures TEXT,
    finalised_at TEXT,
    finalised_by TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL, sent_on TEXT, sent_to TEXT NOT NULL DEFAULT '', sent_number TEXT NOT NULL DEFAULT '',
    UNIQUE (period_code, version)
);

CREATE TRIGGER report_locked BEFORE UPDATE OF narrative, figures, number, period_code, version ON report
    WHEN OLD.status <> 'draft'
    BEGIN SELECT RAISE(ABORT, 'a finalised report is locked'); END;

CREATE TRIGGER report_no_delete BEFORE DELETE ON report
    BEGIN SELECT RAISE(ABORT, 'reports are never deleted'); END;

CREATE INDEX visit_listed ON visit(visit_date DESC, visit_time DESC, id DESC, establishment_id, hotspot_id)
    WHERE superseded_by IS NULL AND status <> 'planned';

CREATE INDEX visit_place_listed ON visit(establishment_id)
    WHERE superseded_by IS NULL AND status <> 'planned';

CREATE INDEX visit_superseded ON visit(superseded_by) WHERE superseded_by IS NOT NULL;

CREATE INDEX visit_approved ON visit(visit_date, kind, establishment_id) WHERE status = 'approved';

CREATE INDEX visit_approved_place ON visit(establishment_id, visit_date) WHERE status = 'approved';

CREATE INDEX visit_follows ON visit(follows_visit_id, status) WHERE follows_visit_id IS NOT NULL;

CREATE INDEX referral_proposed ON referral(proposed_date DESC, id DESC);

CREATE INDEX referral_case_used ON referral(case_id, used_date) WHERE used_date IS NOT NULL;

CREATE INDEX screening_date ON screening(date, case_id);

CREATE INDEX screening_latest ON screening(case_id, date DESC, id DESC, needs);

CREATE INDEX tip_verified ON tip(verified_date) WHERE verified_date IS NOT NULL;

CREATE INDEX tip_classified ON tip(classified_date) WHERE classified_date IS NOT NULL;

CREATE INDEX tip_handled ON tip(handled_date, handle_due) WHERE handled_date IS NOT NULL;

CREATE INDEX support_case_list ON support_case(
    (CASE status WHEN 'open' THEN 0 WHEN 'on_hold' THEN 1 ELSE 2 END), code DESC);

CREATE INDEX visit_follow_up_open ON visit(follow_up_due, superseded_by)
    WHERE follow_up_due IS NOT NULL AND followed_up = 0 AND status IN ('submitted','approved');

CREATE INDEX visit_remedy_open ON visit(remedy_deadline, superseded_by)
    WHERE remedy_deadline IS NOT NULL AND followed_up = 0 AND status IN ('submitted','approved');

CREATE INDEX case_access ON support_case(first_contact, screened_on, needs_now, first_used);

CREATE INDEX referral_referred ON referral(referred_date, service, case_id) WHERE referred_date IS NOT NULL;

CREATE INDEX referral_used ON referral(used_date, service, case_id) WHERE used_date IS NOT NULL;

CREATE TRIGGER visit_member_locked_move BEFORE UPDATE ON visit_member
    WHEN (SELECT status FROM visit WHERE id = NEW.visit_id) = 'approved'
    BEGIN SELECT RAISE(ABORT, 'an approved visit is locked'); END;

CREATE TRIGGER visit_check_locked_move BEFORE UPDATE ON visit_check
    WHEN (SELECT status FROM visit WHERE id = NEW.visit_id) = 'approved'
    BEGIN SELECT RAISE(ABORT, 'an approved visit is locked'); END;

CREATE TRIGGER violation_locked_move BEFORE UPDATE ON violation
    WHEN (SELECT status FROM visit WHERE id = NEW.visit_id) = 'approved'
    BEGIN SELECT RAISE(ABORT, 'an approved visit is locked'); END;

CREATE TRIGGER report_no_reopen BEFORE UPDATE OF status, finalised_at, finalised_by ON report
    WHEN OLD.status <> 'draft' AND (NEW.status = 'draft' OR (OLD.status = 'sent' AND NEW.status <> 'sent')
        OR NEW.finalised_at IS NOT OLD.finalised_at OR NEW.finalised_by IS NOT OLD.finalised_by)
    BEGIN SELECT RAISE(ABORT, 'a finalised report is locked'); END;

CREATE TABLE signing_key (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    public_key TEXT NOT NULL,
    kdf TEXT NOT NULL,
    salt BLOB NOT NULL,
    wrapped BLOB NOT NULL,
    created_at TEXT NOT NULL,
    retired_at TEXT
);

CREATE TABLE key_holder (
    account_id INTEGER PRIMARY KEY REFERENCES account(id) ON DELETE CASCADE,
    public_key BLOB NOT NULL,
    kdf TEXT NOT NULL,
    salt BLOB NOT NULL,
    wrapped_private BLOB NOT NULL,
    ward_key BLOB,
    created_at TEXT NOT NULL,
    granted_by TEXT,
    granted_at TEXT
);

CREATE TABLE recovery_key (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    public_key BLOB NOT NULL,
    ward_key BLOB NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE informant_key (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    public_key BLOB NOT NULL,
    private_sealed BLOB NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE import_batch (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    added INTEGER NOT NULL DEFAULT 0,
    updated INTEGER NOT NULL DEFAULT 0,
    undone_at TEXT
);

CREATE TABLE import_change (
    batch_id INTEGER NOT NULL REFERENCES import_batch(id),
    establishment_id INTEGER NOT NULL,
    before TEXT,
    version_after INTEGER NOT NULL,
    PRIMARY KEY (batch_id, establishment_id)
);

CREATE TRIGGER derived_followed_insert AFTER INSERT ON visit WHEN NEW.follows_visit_id IS NOT NULL
    BEGIN UPDATE visit SET followed_up = EXISTS (SELECT 1 FROM visit f WHERE f.follows_visit_id = visit.id AND f.status <> 'planned') WHERE id = NEW.follows_visit_id; END;

CREATE TRIGGER derived_followed_update AFTER UPDATE OF follows_visit_id, status ON visit
    WHEN OLD.follows_visit_id IS NOT NULL OR NEW.follows_visit_id IS NOT NULL
    BEGIN UPDATE visit SET followed_up = EXISTS (SELECT 1 FROM visit f WHERE f.follows_visit_id = visit.id AND f.status <> 'planned') WHERE id IN (OLD.follows_visit_id, NEW.follows_visit_id); END;

CREATE TRIGGER derived_followed_delete AFTER DELETE ON visit WHEN OLD.follows_visit_id IS NOT NULL
    BEGIN UPDATE visit SET followed_up = EXISTS (SELECT 1 FROM visit f WHERE f.follows_visit_id = visit.id AND f.status <> 'planned') WHERE id = OLD.follows_visit_id; END;

CREATE TRIGGER derived_listed_insert AFTER INSERT ON visit WHEN NEW.superseded_by IS NULL AND NEW.status <> 'planned'
    BEGIN UPDATE establishment SET listed_visits = (SELECT COUNT(*) FROM visit v INDEXED BY visit_place_listed WHERE v.establishment_id = establishment.id AND v.superseded_by IS NULL AND v.status <> 'planned') WHERE id IN (NEW.establishment_id); UPDATE hotspot SET listed_visits = (SELECT COUNT(*) FROM visit v WHERE v.hotspot_id = hotspot.id AND v.superseded_by IS NULL AND v.status <> 'planned') WHERE id IN (NEW.hotspot_id); END;

CREATE TRIGGER derived_listed_update AFTER UPDATE OF status, superseded_by, establishment_id, hotspot_id ON visit
    BEGIN UPDATE establishment SET listed_visits = (SELECT COUNT(*) FROM visit v INDEXED BY visit_place_listed WHERE v.establishment_id = establishment.id AND v.superseded_by IS NULL AND v.status <> 'planned') WHERE id IN (OLD.establishment_id, NEW.establishment_id); UPDATE hotspot SET listed_visits = (SELECT COUNT(*) FROM visit v WHERE v.hotspot_id = hotspot.id AND v.superseded_by IS NULL AND v.status <> 'planned') WHERE id IN (OLD.hotspot_id, NEW.hotspot_id); END;

CREATE TRIGGER derived_listed_delete AFTER DELETE ON visit WHEN OLD.superseded_by IS NULL AND OLD.status <> 'planned'
    BEGIN UPDATE establishment SET listed_visits = (SELECT COUNT(*) FROM visit v INDEXED BY visit_place_listed WHERE v.establishment_id = establishment.id AND v.superseded_by IS NULL AND v.status <> 'planned') WHERE id IN (OLD.establishment_id); UPDATE hotspot SET listed_visits = (SELECT COUNT(*) FROM visit v WHERE v.hotspot_id = hotspot.id AND v.superseded_by IS NULL AND v.status <> 'planned') WHERE id IN (OLD.hotspot_id); END;

CREATE TRIGGER derived_screening_insert AFTER INSERT ON screening
    BEGIN UPDATE support_case SET screened_on = (SELECT s.date FROM screening s WHERE s.case_id = support_case.id ORDER BY s.date DESC, s.id DESC LIMIT 1), needs_now = COALESCE((SELECT s.needs <> '' FROM screening s WHERE s.case_id = support_case.id ORDER BY s.date DESC, s.id DESC LIMIT 1), 0) WHERE id = NEW.case_id; END;

CREATE TRIGGER derived_screening_update AFTER UPDATE OF case_id, date, needs ON screening
    BEGIN UPDATE support_case SET screened_on = (SELECT s.date FROM screening s WHERE s.case_id = support_case.id ORDER BY s.date DESC, s.id DESC LIMIT 1), needs_now = COALESCE((SELECT s.needs <> '' FROM screening s WHERE s.case_id = support_case.id ORDER BY s.date DESC, s.id DESC LIMIT 1), 0) WHERE id IN (OLD.case_id, NEW.case_id); END;

CREATE TRIGGER derived_screening_delete AFTER DELETE ON screening
    BEGIN UPDATE support_case SET screened_on = (SELECT s.date FROM screening s WHERE s.case_id = support_case.id ORDER BY s.date DESC, s.id DESC LIMIT 1), needs_now = COALESCE((SELECT s.needs <> '' FROM screening s WHERE s.case_id = support_case.id ORDER BY s.date DESC, s.id DESC LIMIT 1), 0) WHERE id = OLD.case_id; END;

CREATE TRIGGER derived_used_insert AFTER INSERT ON referral WHEN NEW.used_date IS NOT NULL
    BEGIN UPDATE support_case SET first_used = (SELECT MIN(r.used_date) FROM referral r WHERE r.case_id = support_case.id) WHERE id = NEW.case_id; END;

CREATE TRIGGER derived_used_update AFTER UPDATE OF case_id, used_date ON referral
    BEGIN UPDATE support_case SET first_used = (SELECT MIN(r.used_date) FROM referral r WHERE r.case_id = support_case.id) WHERE id IN (OLD.case_id, NEW.case_id); END;

CREATE TRIGGER derived_used_delete AFTER DELETE ON referral WHEN OLD.used_date IS NOT NULL
    BEGIN UPDATE support_case SET first_used = (SELECT MIN(r.used_date) FROM referral r WHERE r.case_id = support_case.id) WHERE id = OLD.case_id; END;

CREATE TABLE residential_group (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    number INTEGER
);

CREATE TABLE residential_group_merge (
    spelling TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    records INTEGER NOT NULL
);

CREATE TABLE "establishment" (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (name <> ''),
    name_fold TEXT NOT NULL,
    type_id INTEGER NOT NULL REFERENCES establishment_type(id),
    street TEXT NOT NULL DEFAULT '',
    residential_group TEXT NOT NULL DEFAULT '',
    owner_name TEXT NOT NULL DEFAULT '',
    owner_phone TEXT NOT NULL DEFAULT '',
    licence_no TEXT NOT NULL DEFAULT '',
    risk_level TEXT NOT NULL DEFAULT 'unclassified' CHECK (risk_level IN ('unclassified','low','medium','high')),
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','suspended','closed')),
    notes TEXT NOT NULL DEFAULT '',
    search_fold TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    business_reg_no TEXT NOT NULL DEFAULT '',
    licence_issued TEXT,
    licence_expires TEXT,
    security_certificate INTEGER NOT NULL DEFAULT 0,
    workers INTEGER NOT NULL DEFAULT 0 CHECK (workers >= 0),
    workers_health_checked INTEGER NOT NULL DEFAULT 0 CHECK (workers_health_checked >= 0),
    workers_reached INTEGER NOT NULL DEFAULT 0 CHECK (workers_reached >= 0),
    commitment_signed INTEGER NOT NULL DEFAULT 0,
    commitment_date TEXT,
    risk_reason TEXT NOT NULL DEFAULT '',
    status_date TEXT,
    archived INTEGER NOT NULL DEFAULT 0,
    address_fold TEXT NOT NULL DEFAULT '',
    listed_visits INTEGER NOT NULL DEFAULT 0
);

CREATE INDEX establishment_name_fold ON establishment(name_fold);

CREATE INDEX establishment_type_id ON establishment(type_id);

CREATE INDEX establishment_licence ON establishment(licence_no);

CREATE INDEX establishment_search ON establishment(name_fold, id, search_fold, archived);

CREATE INDEX establishment_managed ON establishment(type_id, commitment_signed) WHERE archived = 0 AND status <> 'closed';

CREATE INDEX establishment_commitment ON establishment(commitment_date) WHERE commitment_date IS NOT NULL;

CREATE INDEX establishment_closed ON establishment(status_date) WHERE status = 'closed';

CREATE TABLE risk_unclassified_at_upgrade (establishment_id INTEGER PRIMARY KEY);

CREATE TABLE sanction (
    violation_id INTEGER PRIMARY KEY REFERENCES violation(id),
    decision_no TEXT NOT NULL CHECK (decision_no <> ''),
    decision_date TEXT NOT NULL,
    signer TEXT NOT NULL DEFAULT '',
    paid_date TEXT,
    version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE standing_team (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL DEFAULT '',
    decision_no TEXT NOT NULL DEFAULT '',
    decision_date TEXT,
    required_agencies TEXT NOT NULL DEFAULT 'Công an',
    version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE team_member (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (name <> ''),
    agency TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('leader','deputy','member')),
    from_date TEXT NOT NULL,
    to_date TEXT,
    version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE programme_staff (
    year INTEGER PRIMARY KEY,
    staff INTEGER NOT NULL CHECK (staff >= 0)
);

CREATE TABLE police_list (
    id INTEGER PRIMARY KEY,
    received_on TEXT NOT NULL,
    reference TEXT NOT NULL DEFAULT '',
    imported_at TEXT NOT NULL,
    actor TEXT NOT NULL,
    opened INTEGER NOT NULL DEFAULT 0,
    linked INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE police_list_entry (
    list_id INTEGER NOT NULL REFERENCES police_list(id),
    case_id INTEGER NOT NULL REFERENCES support_case(id),
    opened INTEGER NOT NULL CHECK (opened IN (0, 1)),
    sanction BLOB,
    PRIMARY KEY (list_id, case_id)
);

CREATE INDEX police_list_entry_case ON police_list_entry(case_id);

CREATE TABLE report_obligation (
    kind TEXT PRIMARY KEY CHECK (kind IN ('month','quarter','half','year')),
    owed INTEGER NOT NULL CHECK (owed IN (0, 1))
);

CREATE TABLE report_recipient (
    position INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (name <> ''),
    via TEXT NOT NULL DEFAULT ''
);

CREATE TABLE annual_plan (
    year INTEGER PRIMARY KEY,
    title TEXT NOT NULL DEFAULT '',
    number TEXT NOT NULL DEFAULT '',
    date TEXT
);

CREATE TABLE plan_target (
    year INTEGER NOT NULL REFERENCES annual_plan(year),
    figure_id TEXT NOT NULL,
    value INTEGER NOT NULL CHECK (value >= 0),
    PRIMARY KEY (year, figure_id)
);

CREATE TABLE visit_record_number (
    visit_id INTEGER PRIMARY KEY REFERENCES visit(id),
    year INTEGER NOT NULL,
    number INTEGER NOT NULL,
    UNIQUE (year, number)
);

CREATE INDEX tip_search ON tip(received_date, id, search_fold, establishment_id, hotspot_id);

CREATE INDEX tip_hotspot ON tip(hotspot_id);

CREATE INDEX tip_verify_open ON tip(verify_due) WHERE verified_date IS NULL;

CREATE INDEX tip_classify_open ON tip(classify_due) WHERE verified_date IS NOT NULL AND classified_date IS NULL;

CREATE INDEX tip_handle_open ON tip(handle_due) WHERE classified_date IS NOT NULL AND handled_date IS NULL;

CREATE INDEX referral_waiting ON referral(follow_up, id)
    WHERE status IN ('proposed','referred','received') AND follow_up IS NOT NULL;

CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);

INSERT INTO grdb_migrations VALUES ('v1-ward-and-establishments');

INSERT INTO grdb_migrations VALUES ('v2-accounts-audit-versions');

INSERT INTO grdb_migrations VALUES ('v3-establishment-register');

INSERT INTO grdb_migrations VALUES ('v4-inspections');

INSERT INTO grdb_migrations VALUES ('v5-support');

INSERT INTO grdb_migrations VALUES ('v6-reports');

INSERT INTO grdb_migrations VALUES ('v7-list-indexes');

INSERT INTO grdb_migrations VALUES ('v8-derived-facts');

INSERT INTO grdb_migrations VALUES ('v9-locks-every-path');

INSERT INTO grdb_migrations VALUES ('v10-audit-chain');

INSERT INTO grdb_migrations VALUES ('v11-sealed-signing-key');

INSERT INTO grdb_migrations VALUES ('v12-key-holders');

INSERT INTO grdb_migrations VALUES ('v13-import-batches');

INSERT INTO grdb_migrations VALUES ('v14-derived-triggers-as-text');

INSERT INTO grdb_migrations VALUES ('v15-residential-groups');

INSERT INTO grdb_migrations VALUES ('v16-case-target-groups');

INSERT INTO grdb_migrations VALUES ('v17-risk-unclassified');

INSERT INTO grdb_migrations VALUES ('v18-sanctions');

INSERT INTO grdb_migrations VALUES ('v19-standing-team');

INSERT INTO grdb_migrations VALUES ('v20-activity-detail');

INSERT INTO grdb_migrations VALUES ('v21-police-list');

INSERT INTO grdb_migrations VALUES ('v22-reporting-regime');

INSERT INTO grdb_migrations VALUES ('v23-record-numbers');

INSERT INTO grdb_migrations VALUES ('v24-search-and-open-work');
