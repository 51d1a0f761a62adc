import GRDB

/// The schema, one versioned migration at a time. Never edit a shipped migration: add a new one.
/// Schema is written in plain SQL, not in terms of app types, so that it never drifts with them.
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
        return m
    }
}
