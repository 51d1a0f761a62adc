import GRDB

/// The schema, one versioned migration at a time. Never edit a shipped migration: add a new one.
/// Schema is written in plain SQL, not in terms of app types, so that it never drifts with them.
/// (v8 is the one exception, as it landed: it ran `Derived`'s SQL; v14 recreates what it made as text.)
/// `MigrationFixtureTests` keeps the schema after every migration as it landed
/// (Tests/Fixtures/schema) and fails when an edited migration makes an old database migrate to
/// another schema than a new one; a new migration adds its fixture once, when it lands.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1-ward-and-establishments") { db in
            try db.execute(sql: """
                CREATE TABLE ward (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    name TEXT NOT NULL,
                    province TEXT NOT NULL,
                    receiving_agency TEXT NOT NULL
                );
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
                );
                CREATE INDEX establishment_name_fold ON establishment(name_fold);
                CREATE INDEX establishment_type_id ON establishment(type_id);
                INSERT INTO establishment_type (code, name_vi, name_en, sort_order) VALUES
                    ('hotel', 'Khách sạn', 'Hotel', 1),
                    ('guesthouse', 'Nhà nghỉ', 'Guesthouse', 2),
                    ('rented_rooms', 'Nhà trọ / nhà cho thuê', 'Rented rooms', 3),
                    ('karaoke', 'Karaoke', 'Karaoke', 4),
                    ('dance_club', 'Vũ trường', 'Dance club', 5),
                    ('bar', 'Quán bar', 'Bar', 6),
                    ('restaurant', 'Nhà hàng', 'Restaurant', 7),
                    ('massage', 'Massage / xoa bóp', 'Massage', 8),
                    ('tourist_lodging', 'Cơ sở lưu trú du lịch', 'Tourist lodging', 9),
                    ('other', 'Khác', 'Other', 99);
                """)
        }
        m.registerMigration("v2-accounts-audit-versions") { db in
            try db.execute(sql: """
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
                ALTER TABLE ward ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
                ALTER TABLE establishment ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
                """)
        }
        m.registerMigration("v3-establishment-register") { db in
            try db.execute(sql: """
                ALTER TABLE establishment ADD COLUMN business_reg_no TEXT NOT NULL DEFAULT '';
                ALTER TABLE establishment ADD COLUMN licence_issued TEXT;
                ALTER TABLE establishment ADD COLUMN licence_expires TEXT;
                ALTER TABLE establishment ADD COLUMN security_certificate INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE establishment ADD COLUMN workers INTEGER NOT NULL DEFAULT 0 CHECK (workers >= 0);
                ALTER TABLE establishment ADD COLUMN workers_health_checked INTEGER NOT NULL DEFAULT 0
                    CHECK (workers_health_checked >= 0);
                ALTER TABLE establishment ADD COLUMN workers_reached INTEGER NOT NULL DEFAULT 0 CHECK (workers_reached >= 0);
                ALTER TABLE establishment ADD COLUMN commitment_signed INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE establishment ADD COLUMN commitment_date TEXT;
                ALTER TABLE establishment ADD COLUMN risk_reason TEXT NOT NULL DEFAULT '';
                ALTER TABLE establishment ADD COLUMN status_date TEXT;
                ALTER TABLE establishment ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE establishment ADD COLUMN address_fold TEXT NOT NULL DEFAULT '';
                CREATE INDEX establishment_licence ON establishment(licence_no);
                """)
            // Earlier rows get their folded address, used to spot likely duplicates.
            let rows = try Row.fetchAll(db, sql: "SELECT id, street FROM establishment")
            for row in rows {
                try db.execute(sql: "UPDATE establishment SET address_fold = ? WHERE id = ?",
                               arguments: [VietText.fold(row["street"] as String), row["id"] as Int64])
            }
        }
        m.registerMigration("v4-inspections") { db in
            try db.execute(sql: """
                CREATE TABLE checklist_item (
                    id INTEGER PRIMARY KEY,
                    code TEXT NOT NULL UNIQUE,
                    name_vi TEXT NOT NULL,
                    name_en TEXT NOT NULL DEFAULT '',
                    sort_order INTEGER NOT NULL DEFAULT 0,
                    active INTEGER NOT NULL DEFAULT 1
                );
                INSERT INTO checklist_item (code, name_vi, name_en, sort_order) VALUES
                    ('licence', 'Xuất trình giấy phép kinh doanh', 'Business licence shown', 1),
                    ('security', 'Điều kiện về an ninh, trật tự', 'Security and order conditions', 2),
                    ('workers_register', 'Sổ theo dõi người lao động', 'Register of workers', 3),
                    ('health_checks', 'Khám sức khỏe người lao động', 'Workers'' health checks', 4),
                    ('commitment', 'Cam kết không để xảy ra mại dâm', 'Commitment against prostitution', 5),
                    ('guest_register', 'Sổ lưu trú, thông báo lưu trú', 'Guest register, residence notice', 6),
                    ('signs', 'Dấu hiệu hoạt động mại dâm', 'Signs of prostitution', 7);
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
                -- An approved visit is locked: only the link to the amendment that replaces it may be set.
                CREATE TRIGGER visit_locked BEFORE UPDATE OF establishment_id, hotspot_id, visit_date, visit_time, kind,
                    status, team, findings, remedy_deadline, follow_up_due, follows_visit_id, tip_id, plan_id,
                    amends_visit_id, author_id, author_name, submitted_at, reviewer_name, reviewed_at, return_comment
                    ON visit WHEN OLD.status = 'approved'
                    BEGIN SELECT RAISE(ABORT, 'an approved visit is locked'); END;
                CREATE TRIGGER visit_no_delete BEFORE DELETE ON visit WHEN OLD.status <> 'planned'
                    BEGIN SELECT RAISE(ABORT, 'a visit record is never deleted'); END;
                """)
            for table in ["visit_member", "visit_check", "violation"] {
                for (event, row) in [("INSERT", "NEW"), ("UPDATE", "OLD"), ("DELETE", "OLD")] {
                    try db.execute(sql: """
                        CREATE TRIGGER \(table)_locked_\(event.lowercased()) BEFORE \(event) ON \(table)
                        WHEN (SELECT status FROM visit WHERE id = \(row).visit_id) = 'approved'
                        BEGIN SELECT RAISE(ABORT, 'an approved visit is locked'); END;
                        """)
                }
            }
        }
        m.registerMigration("v5-support") { db in
            try db.execute(sql: """
                -- The ward key that encrypts people's identities, itself sealed under a key derived
                -- from the case workers' passphrase. Without the passphrase it opens nothing.
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
                    version INTEGER NOT NULL DEFAULT 1,
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
                """)
        }
        m.registerMigration("v6-reports") { db in
            try db.execute(sql: """
                CREATE TABLE activity (
                    id INTEGER PRIMARY KEY,
                    date TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('communication','training','other')),
                    audience TEXT NOT NULL DEFAULT '',
                    people INTEGER NOT NULL DEFAULT 0 CHECK (people >= 0),
                    author_name TEXT NOT NULL
                );
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
                    updated_at TEXT NOT NULL,
                    UNIQUE (period_code, version)
                );
                -- A finalised report keeps its figures and words as they were; a correction is a new version.
                CREATE TRIGGER report_locked BEFORE UPDATE OF narrative, figures, number, period_code, version ON report
                    WHEN OLD.status <> 'draft'
                    BEGIN SELECT RAISE(ABORT, 'a finalised report is locked'); END;
                CREATE TRIGGER report_no_delete BEFORE DELETE ON report
                    BEGIN SELECT RAISE(ABORT, 'reports are never deleted'); END;
                """)
        }
        // Lists that stay instant with a city's ten years of records (see docs/PERFORMANCE.md).
        m.registerMigration("v7-list-indexes") { db in
            try db.execute(sql: """
                -- The visit list as shown (not superseded, not planned), newest first, with the place:
                -- a window anywhere in a million rows is read from this index alone.
                CREATE INDEX visit_listed ON visit(visit_date DESC, visit_time DESC, id DESC, establishment_id, hotspot_id)
                    WHERE superseded_by IS NULL AND status <> 'planned';
                -- The same per place: counting the visits of the places a filter matches.
                CREATE INDEX visit_place_listed ON visit(establishment_id)
                    WHERE superseded_by IS NULL AND status <> 'planned';
                CREATE INDEX visit_superseded ON visit(superseded_by) WHERE superseded_by IS NOT NULL;
                -- What the reports and the overview count: approved visits by date, kind and place,
                -- and the deadlines a leader watches.
                CREATE INDEX visit_approved ON visit(visit_date, kind, establishment_id) WHERE status = 'approved';
                CREATE INDEX visit_approved_place ON visit(establishment_id, visit_date) WHERE status = 'approved';
                CREATE INDEX visit_follow_up_due ON visit(follow_up_due, status, superseded_by) WHERE follow_up_due IS NOT NULL;
                CREATE INDEX visit_remedy_deadline ON visit(remedy_deadline, status, superseded_by) WHERE remedy_deadline IS NOT NULL;
                -- Whether a visit's follow-up was made, read from the index alone.
                DROP INDEX visit_follows;
                CREATE INDEX visit_follows ON visit(follows_visit_id, status) WHERE follows_visit_id IS NOT NULL;
                CREATE INDEX referral_proposed ON referral(proposed_date DESC, id DESC);
                -- Filter as you type over the register, in name order, from the index alone.
                CREATE INDEX establishment_search ON establishment(name_fold, id, search_fold, archived);
                -- The support figures: who was referred, used a service or screened in a period,
                -- and each case's latest screening.
                CREATE INDEX referral_referred ON referral(referred_date, case_id) WHERE referred_date IS NOT NULL;
                CREATE INDEX referral_used ON referral(used_date, case_id) WHERE used_date IS NOT NULL;
                CREATE INDEX referral_case_used ON referral(case_id, used_date) WHERE used_date IS NOT NULL;
                CREATE INDEX screening_date ON screening(date, case_id);
                CREATE INDEX screening_latest ON screening(case_id, date DESC, id DESC, needs);
                CREATE INDEX tip_verified ON tip(verified_date) WHERE verified_date IS NOT NULL;
                CREATE INDEX tip_classified ON tip(classified_date) WHERE classified_date IS NOT NULL;
                CREATE INDEX tip_handled ON tip(handled_date, handle_due) WHERE handled_date IS NOT NULL;
                CREATE INDEX support_case_list ON support_case(
                    (CASE status WHEN 'open' THEN 0 WHEN 'on_hold' THEN 1 ELSE 2 END), code DESC);
                """)
            // The query planner's statistics, so that it picks these indexes (instant on a ward's data).
            try db.execute(sql: "ANALYZE")
        }
        // Facts kept on a record about its related records (Derived.swift), and indexes over them:
        // follow-ups still open and the access rate counted without a look-up per row.
        m.registerMigration("v8-derived-facts") { db in
            try db.execute(sql: """
                ALTER TABLE visit ADD COLUMN followed_up INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE support_case ADD COLUMN screened_on TEXT;
                ALTER TABLE support_case ADD COLUMN needs_now INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE support_case ADD COLUMN first_used TEXT;
                ALTER TABLE establishment ADD COLUMN listed_visits INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE hotspot ADD COLUMN listed_visits INTEGER NOT NULL DEFAULT 0;
                """)
            try Derived.fillAll(db)
            try db.execute(sql: Derived.triggers)
            try db.execute(sql: """
                DROP INDEX visit_follow_up_due;
                DROP INDEX visit_remedy_deadline;
                CREATE INDEX visit_follow_up_open ON visit(follow_up_due, superseded_by)
                    WHERE follow_up_due IS NOT NULL AND followed_up = 0 AND status IN ('submitted','approved');
                CREATE INDEX visit_remedy_open ON visit(remedy_deadline, superseded_by)
                    WHERE remedy_deadline IS NOT NULL AND followed_up = 0 AND status IN ('submitted','approved');
                CREATE INDEX case_access ON support_case(first_contact, screened_on, needs_now, first_used);
                -- The report's other figures from indexes alone: establishments under management by
                -- type, and people referred or using a service by service.
                CREATE INDEX establishment_managed ON establishment(type_id, commitment_signed) WHERE archived = 0 AND status <> 'closed';
                CREATE INDEX establishment_commitment ON establishment(commitment_date) WHERE commitment_date IS NOT NULL;
                CREATE INDEX establishment_closed ON establishment(status_date) WHERE status = 'closed';
                DROP INDEX referral_referred;
                DROP INDEX referral_used;
                CREATE INDEX referral_referred ON referral(referred_date, service, case_id) WHERE referred_date IS NOT NULL;
                CREATE INDEX referral_used ON referral(used_date, service, case_id) WHERE used_date IS NOT NULL;
                ANALYZE;
                """)
        }
        // Locks that cover every path, the sqlite3 shell too: a team member, check or violation
        // cannot be moved into an approved visit, and a finalised report cannot go back to draft
        // (which would open its words and figures again) nor change who finalised it and when.
        m.registerMigration("v9-locks-every-path") { db in
            try db.execute(sql: """
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
                """)
        }
        // Each audit row carries the hash of the one before and of itself (Audit.ChainedRow); the
        // rows written before this step have none, and the chain starts after them.
        m.registerMigration("v10-audit-chain") { db in
            try db.execute(sql: "ALTER TABLE audit ADD COLUMN chain TEXT")
        }
        // The report-signing key sealed under the signing passphrase (SigningKey.swift). A plain
        // key in `setting` from before is sealed and removed the first time it signs again.
        m.registerMigration("v11-sealed-signing-key") { db in
            try db.execute(sql: """
                CREATE TABLE signing_key (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    public_key TEXT NOT NULL,
                    kdf TEXT NOT NULL,
                    salt BLOB NOT NULL,
                    wrapped BLOB NOT NULL,
                    created_at TEXT NOT NULL,
                    retired_at TEXT
                );
                """)
        }
        // Who holds the ward key (KeyHolders.swift): each case worker's own key pair under their
        // own passphrase, the recovery key's public half, and the informant key that seals who
        // reported a tip-off. Seals from before are bound at the next unlock (Seals.swift); a
        // ward without a key yet has none to bind.
        m.registerMigration("v12-key-holders") { db in
            try db.execute(sql: """
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
                ALTER TABLE tip ADD COLUMN reporter_sealed BLOB;
                INSERT INTO setting (key, value) SELECT 'seals_bound', '1' WHERE NOT EXISTS (SELECT 1 FROM ward_key);
                """)
        }
        // Each import is a batch that can be taken back (EstablishmentImport.swift): which
        // records it added, and what the ones it changed were before.
        m.registerMigration("v13-import-batches") { db in
            try db.execute(sql: """
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
                """)
        }
        // v8 made its triggers from `Derived`, app code that can change after it landed. The same
        // triggers again as literal text, so that what a ward ends with no longer depends on the
        // version of Derived.swift that ran v8. A change to a derived fact is a migration like this one.
        m.registerMigration("v14-derived-triggers-as-text") { db in
            try db.execute(sql: """
                DROP TRIGGER IF EXISTS derived_followed_insert;
                DROP TRIGGER IF EXISTS derived_followed_update;
                DROP TRIGGER IF EXISTS derived_followed_delete;
                DROP TRIGGER IF EXISTS derived_listed_insert;
                DROP TRIGGER IF EXISTS derived_listed_update;
                DROP TRIGGER IF EXISTS derived_listed_delete;
                DROP TRIGGER IF EXISTS derived_screening_insert;
                DROP TRIGGER IF EXISTS derived_screening_update;
                DROP TRIGGER IF EXISTS derived_screening_delete;
                DROP TRIGGER IF EXISTS derived_used_insert;
                DROP TRIGGER IF EXISTS derived_used_update;
                DROP TRIGGER IF EXISTS derived_used_delete;
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
                """)
        }
        // The residential group (tổ dân phố) becomes a list the ward keeps, like the establishment
        // types. The spellings already in use are folded onto one name each: "8", "TDP 8", "Tổ 8",
        // "Tổ dân phố 08" and "Tổ dân phố số 8" are "Tổ dân phố số 8"; any other spelling is a
        // group of its own. Records are moved to the folded name (their version steps, their
        // search text follows), and residential_group_merge lists what was folded, for
        // `wardcase group list` to show.
        m.registerMigration("v15-residential-groups") { db in
            try db.execute(sql: """
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
                CREATE TEMP TABLE group_spelling AS
                    WITH used(s) AS (SELECT residential_group FROM establishment UNION SELECT residential_group FROM hotspot),
                    stripped(s, x, rest) AS (
                        SELECT s, TRIM(s), TRIM(CASE
                            WHEN TRIM(s) LIKE 'Tổ dân phố số %' THEN substr(TRIM(s), 15)
                            WHEN TRIM(s) LIKE 'Tổ dân phố %' THEN substr(TRIM(s), 12)
                            WHEN TRIM(s) LIKE 'TDP số %' THEN substr(TRIM(s), 8)
                            WHEN TRIM(s) LIKE 'TDP.%' OR TRIM(s) LIKE 'TDP %' THEN substr(TRIM(s), 5)
                            WHEN TRIM(s) LIKE 'TDP%' THEN substr(TRIM(s), 4)
                            WHEN TRIM(s) LIKE 'Tổ số %' THEN substr(TRIM(s), 7)
                            WHEN TRIM(s) LIKE 'Tổ %' THEN substr(TRIM(s), 4)
                            WHEN TRIM(s) LIKE 'Số %' THEN substr(TRIM(s), 4)
                            ELSE TRIM(s) END)
                        FROM used WHERE TRIM(s) <> ''),
                    numbered(s, x, number) AS (
                        SELECT s, x, CASE WHEN rest GLOB '[0-9]*' AND NOT rest GLOB '*[^0-9]*' AND length(rest) <= 4
                                          THEN CAST(rest AS INTEGER) END
                        FROM stripped)
                    SELECT s, CASE WHEN number IS NULL THEN x ELSE 'Tổ dân phố số ' || number END AS name, number FROM numbered;
                INSERT INTO residential_group (name, number) SELECT name, MIN(number) FROM group_spelling GROUP BY name ORDER BY MIN(number), name;
                INSERT INTO residential_group_merge (spelling, name, records)
                    SELECT g.s, g.name, (SELECT COUNT(*) FROM establishment e WHERE e.residential_group = g.s)
                        + (SELECT COUNT(*) FROM hotspot h WHERE h.residential_group = g.s)
                    FROM group_spelling g WHERE g.s <> g.name;
                UPDATE establishment SET residential_group = x.name, version = version + 1,
                    search_fold = CASE WHEN x.number IS NOT NULL AND x.pipes = 4
                        THEN substr(x.a, 1, x.p1 + x.p2) || ' to dan pho so ' || x.number || ' ' || substr(x.a2, instr(x.a2, '|'))
                        ELSE search_fold END
                    FROM (SELECT id, name, number, pipes, a, p1, p2, substr(a1, p2 + 1) AS a2 FROM (
                            SELECT id, name, number, pipes, a, p1, a1, instr(a1, '|') AS p2 FROM (
                                SELECT id, name, number, pipes, a, p1, substr(a, p1 + 1) AS a1 FROM (
                                    SELECT e.id, g.name, g.number, e.search_fold AS a, instr(e.search_fold, '|') AS p1,
                                        length(e.search_fold) - length(replace(e.search_fold, '|', '')) AS pipes
                                    FROM establishment e JOIN group_spelling g ON g.s = e.residential_group AND g.s <> g.name)))) AS x
                    WHERE establishment.id = x.id;
                UPDATE hotspot SET residential_group = g.name, version = version + 1
                    FROM group_spelling g WHERE g.s = hotspot.residential_group AND g.s <> g.name;
                DROP TABLE group_spelling;
                """)
        }
        // Who a case is, as the plans name the groups (TargetGroup): several may apply. Cases
        // recorded before have none set; nothing is guessed for them.
        m.registerMigration("v16-case-target-groups") { db in
            try db.execute(sql: "ALTER TABLE support_case ADD COLUMN target_groups TEXT NOT NULL DEFAULT ''")
        }
        // Risk defaulted to "low", so a place nobody classified looked classified. "unclassified"
        // is now the default; a record still at "low" with no reason whose risk no audit row
        // ever changed was never classified by anyone, and becomes unclassified. Which ones is
        // kept (risk_unclassified_at_upgrade), so that their pages can say why.
        // The table's CHECK on risk_level is rebuilt to allow the new level (SQLite's way: a new
        // table, the rows copied, the old one dropped, the new one renamed, its indexes again;
        // foreign keys are checked at the end by the migrator). The rename is the legacy kind:
        // the derived triggers on visit name "establishment", which does not exist for that moment.
        m.registerMigration("v17-risk-unclassified") { db in
            try db.execute(sql: """
                CREATE TABLE establishment_v17 (
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
                INSERT INTO establishment_v17 (id, name, name_fold, type_id, street, residential_group, owner_name, owner_phone, licence_no,
                    risk_level, status, notes, search_fold, version, business_reg_no, licence_issued, licence_expires, security_certificate,
                    workers, workers_health_checked, workers_reached, commitment_signed, commitment_date, risk_reason, status_date, archived,
                    address_fold, listed_visits)
                    SELECT id, name, name_fold, type_id, street, residential_group, owner_name, owner_phone, licence_no,
                    risk_level, status, notes, search_fold, version, business_reg_no, licence_issued, licence_expires, security_certificate,
                    workers, workers_health_checked, workers_reached, commitment_signed, commitment_date, risk_reason, status_date, archived,
                    address_fold, listed_visits FROM establishment;
                DROP TABLE establishment;
                PRAGMA legacy_alter_table = ON;
                ALTER TABLE establishment_v17 RENAME TO establishment;
                PRAGMA legacy_alter_table = OFF;
                CREATE INDEX establishment_name_fold ON establishment(name_fold);
                CREATE INDEX establishment_type_id ON establishment(type_id);
                CREATE INDEX establishment_licence ON establishment(licence_no);
                CREATE INDEX establishment_search ON establishment(name_fold, id, search_fold, archived);
                CREATE INDEX establishment_managed ON establishment(type_id, commitment_signed) WHERE archived = 0 AND status <> 'closed';
                CREATE INDEX establishment_commitment ON establishment(commitment_date) WHERE commitment_date IS NOT NULL;
                CREATE INDEX establishment_closed ON establishment(status_date) WHERE status = 'closed';
                CREATE TABLE risk_unclassified_at_upgrade (establishment_id INTEGER PRIMARY KEY);
                INSERT INTO risk_unclassified_at_upgrade (establishment_id)
                    SELECT e.id FROM establishment e WHERE e.risk_level = 'low' AND e.risk_reason = ''
                        AND NOT EXISTS (SELECT 1 FROM audit a WHERE a.record_type = 'establishment' AND a.record_id = e.id
                                        AND a.action <> 'create' AND json_extract(a.after, '$.risk_level') IS NOT NULL);
                UPDATE establishment SET risk_level = 'unclassified', version = version + 1
                    WHERE id IN (SELECT establishment_id FROM risk_unclassified_at_upgrade);
                """)
        }
        // A fine on a violation is imposed by a decision that comes after the record, and paid
        // later still: kept beside the violation (an approved record stays locked).
        m.registerMigration("v18-sanctions") { db in
            try db.execute(sql: """
                CREATE TABLE sanction (
                    violation_id INTEGER PRIMARY KEY REFERENCES violation(id),
                    decision_no TEXT NOT NULL CHECK (decision_no <> ''),
                    decision_date TEXT NOT NULL,
                    signer TEXT NOT NULL DEFAULT '',
                    paid_date TEXT,
                    version INTEGER NOT NULL DEFAULT 1
                );
                """)
        }
        // The ward's standing inspection team (Đội kiểm tra liên ngành 178): the decision that set
        // it up, the agencies every visit should have, and its members over time.
        m.registerMigration("v19-standing-team") { db in
            try db.execute(sql: """
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
                """)
        }
        // Communication and training as the plans count them: the channel, the people reached by
        // audience category ("residents=120,workers=30"), trainees by agency ("Công an=3"), the
        // establishment an activity was held at; and the programme's staff each year, so that
        // "% staff trained" is a real figure. Activities logged before keep their head count.
        m.registerMigration("v20-activity-detail") { db in
            try db.execute(sql: """
                ALTER TABLE activity ADD COLUMN channel TEXT NOT NULL DEFAULT '';
                ALTER TABLE activity ADD COLUMN reached TEXT NOT NULL DEFAULT '';
                ALTER TABLE activity ADD COLUMN trainees TEXT NOT NULL DEFAULT '';
                ALTER TABLE activity ADD COLUMN establishment_id INTEGER REFERENCES establishment(id);
                CREATE TABLE programme_staff (
                    year INTEGER PRIMARY KEY,
                    staff INTEGER NOT NULL CHECK (staff >= 0)
                );
                """)
        }
        // The police's lists of people administratively sanctioned for selling sex (plans 001;
        // 004 IV.2.e, IV.15.d): each list as received (its date and dispatch number, counts only),
        // and the cases it names, opened by it or found among the ward's cases. What the list
        // says of the sanction is sealed with the ward key, bound to its case, like a case's notes.
        m.registerMigration("v21-police-list") { db in
            try db.execute(sql: """
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
                """)
        }
        // The reporting regime as the plans set it: which kinds of report the ward owes (all, as
        // before, until the ward says otherwise), to whom (the ward's receiving agency first),
        // what sending a report recorded, and the year's plan with its targets per figure.
        m.registerMigration("v22-reporting-regime") { db in
            try db.execute(sql: """
                CREATE TABLE report_obligation (
                    kind TEXT PRIMARY KEY CHECK (kind IN ('month','quarter','half','year')),
                    owed INTEGER NOT NULL CHECK (owed IN (0, 1))
                );
                INSERT INTO report_obligation (kind, owed) VALUES ('month', 1), ('quarter', 1), ('half', 1), ('year', 1);
                CREATE TABLE report_recipient (
                    position INTEGER PRIMARY KEY,
                    name TEXT NOT NULL CHECK (name <> ''),
                    via TEXT NOT NULL DEFAULT ''
                );
                INSERT INTO report_recipient (position, name, via) SELECT 1, receiving_agency, '' FROM ward WHERE receiving_agency <> '';
                ALTER TABLE report ADD COLUMN sent_on TEXT;
                ALTER TABLE report ADD COLUMN sent_to TEXT NOT NULL DEFAULT '';
                ALTER TABLE report ADD COLUMN sent_number TEXT NOT NULL DEFAULT '';
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
                """)
        }
        // An approved biên bản's number comes from its own sequence in each year ("12/BB-ĐKTLN"),
        // not the database id; the records approved before are numbered in the order of their dates.
        m.registerMigration("v23-record-numbers") { db in
            try db.execute(sql: """
                CREATE TABLE visit_record_number (
                    visit_id INTEGER PRIMARY KEY REFERENCES visit(id),
                    year INTEGER NOT NULL,
                    number INTEGER NOT NULL,
                    UNIQUE (year, number)
                );
                INSERT INTO visit_record_number (visit_id, year, number)
                SELECT id, CAST(substr(visit_date, 1, 4) AS INTEGER),
                       ROW_NUMBER() OVER (PARTITION BY substr(visit_date, 1, 4) ORDER BY visit_date, id)
                FROM visit WHERE status = 'approved';
                """)
        }
        // Speed at city scale (issue 24). The tip-offs' folded search text (content and place),
        // written with each tip-off as the register's is (`TipOff.searchText`), and read with the
        // dates, ids and places from one index, so that filtering 200,000 tip-offs reads no table
        // row. The open steps of tip-offs and the referrals waiting for a follow-up get small
        // partial indexes: the overview counts what is late from them, not from the whole tables.
        m.registerMigration("v24-search-and-open-work") { db in
            try db.execute(sql: """
                ALTER TABLE tip ADD COLUMN search_fold TEXT NOT NULL DEFAULT '';
                UPDATE tip SET search_fold = fold(content || ' | ' || place);
                CREATE INDEX tip_search ON tip(received_date, id, search_fold, establishment_id, hotspot_id);
                CREATE INDEX tip_hotspot ON tip(hotspot_id);
                CREATE INDEX tip_verify_open ON tip(verify_due) WHERE verified_date IS NULL;
                CREATE INDEX tip_classify_open ON tip(classify_due) WHERE verified_date IS NOT NULL AND classified_date IS NULL;
                CREATE INDEX tip_handle_open ON tip(handle_due) WHERE classified_date IS NOT NULL AND handled_date IS NULL;
                CREATE INDEX referral_waiting ON referral(follow_up, id)
                    WHERE status IN ('proposed','referred','received') AND follow_up IS NOT NULL;
                """)
        }
        return m
    }
}
