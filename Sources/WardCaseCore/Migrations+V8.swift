import GRDB

/// What migration v8 ran, frozen as literal SQL. v8 called `Derived.fillAll` and `Derived.triggers`
/// when it landed; the SQL they produce is kept here as text (as Derived.swift produced it when v8
/// was frozen), so that v8 runs the same statements whatever later happens to the derived facts.
/// Like a landed migration, this file is never edited: a change to a derived fact is a new
/// migration (v14 is one), and Derived.swift (`DerivedFacts`) says what the facts are today.
enum Derived {
    static let triggers = """
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
        """

    static func fillAll(_ db: Database) throws {
        try db.execute(sql: """
            UPDATE visit SET followed_up = 1 WHERE id IN (SELECT follows_visit_id FROM visit WHERE follows_visit_id IS NOT NULL AND status <> 'planned');
            UPDATE support_case SET screened_on = (SELECT s.date FROM screening s WHERE s.case_id = support_case.id ORDER BY s.date DESC, s.id DESC LIMIT 1), needs_now = COALESCE((SELECT s.needs <> '' FROM screening s WHERE s.case_id = support_case.id ORDER BY s.date DESC, s.id DESC LIMIT 1), 0) WHERE id IN (SELECT case_id FROM screening);
            UPDATE support_case SET first_used = (SELECT MIN(r.used_date) FROM referral r WHERE r.case_id = support_case.id) WHERE id IN (SELECT case_id FROM referral WHERE used_date IS NOT NULL);
            UPDATE establishment SET listed_visits = (SELECT COUNT(*) FROM visit v INDEXED BY visit_place_listed WHERE v.establishment_id = establishment.id AND v.superseded_by IS NULL AND v.status <> 'planned') WHERE id IN (SELECT establishment_id FROM visit);
            UPDATE hotspot SET listed_visits = (SELECT COUNT(*) FROM visit v WHERE v.hotspot_id = hotspot.id AND v.superseded_by IS NULL AND v.status <> 'planned') WHERE id IN (SELECT hotspot_id FROM visit);
            """)
    }
}
