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

CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);

INSERT INTO grdb_migrations VALUES ('v1-ward-and-establishments');
