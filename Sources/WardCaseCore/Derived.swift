import GRDB

/// Facts the database keeps on a record about its related records, so that the reports and the
/// overview count them from one index instead of a look-up per row (migration v8; see
/// docs/PERFORMANCE.md). Triggers keep them right whatever writes the related rows; this is the
/// one place that says what they are.
///
/// - `visit.followed_up`: a visit, not only planned, follows this one (`follows_visit_id`).
/// - `support_case.screened_on` and `needs_now`: the date of the case's latest screening (latest
///   by date, then by entry) and whether it found a need.
/// - `support_case.first_used`: the first day the person used a referred service.
/// - `establishment.listed_visits`, `hotspot.listed_visits`: how many of the place's visits the
///   visit list shows (not superseded, not planned), so that a place filter over a million visits
///   counts its matches from the places alone.
enum Derived {
    /// A visit the visit list shows.
    static let listed = "v.superseded_by IS NULL AND v.status <> 'planned'"

    static func listedVisits(_ table: String, _ which: String) -> String {
        let column = table == "establishment" ? "establishment_id" : "hotspot_id"
        let index = table == "establishment" ? "INDEXED BY visit_place_listed" : ""
        return "UPDATE \(table) SET listed_visits = (SELECT COUNT(*) FROM visit v \(index) WHERE v.\(column) = \(table).id AND \(listed)) WHERE \(which)"
    }

    /// Both places a visit row could have counted for, before and after a change.
    static func placesOf(_ rows: [String]) -> String {
        ["establishment", "hotspot"].map { table in
            let column = table == "establishment" ? "establishment_id" : "hotspot_id"
            return listedVisits(table, "id IN (\(rows.map { "\($0).\(column)" }.joined(separator: ", ")))") + ";"
        }.joined(separator: " ")
    }

    static func followedUp(_ visit: String) -> String {
        "UPDATE visit SET followed_up = EXISTS (SELECT 1 FROM visit f WHERE f.follows_visit_id = visit.id AND f.status <> 'planned') WHERE \(visit)"
    }

    static func screening(_ supportCase: String) -> String {
        let latest = "FROM screening s WHERE s.case_id = support_case.id ORDER BY s.date DESC, s.id DESC LIMIT 1"
        return """
            UPDATE support_case SET screened_on = (SELECT s.date \(latest)), needs_now = COALESCE((SELECT s.needs <> '' \(latest)), 0) \
            WHERE \(supportCase)
            """
    }

    static func firstUsed(_ supportCase: String) -> String {
        "UPDATE support_case SET first_used = (SELECT MIN(r.used_date) FROM referral r WHERE r.case_id = support_case.id) WHERE \(supportCase)"
    }

    /// The triggers, named `derived_…` (the city generator sets them aside during its load).
    static let triggers = """
        CREATE TRIGGER derived_followed_insert AFTER INSERT ON visit WHEN NEW.follows_visit_id IS NOT NULL
            BEGIN \(followedUp("id = NEW.follows_visit_id")); END;
        CREATE TRIGGER derived_followed_update AFTER UPDATE OF follows_visit_id, status ON visit
            WHEN OLD.follows_visit_id IS NOT NULL OR NEW.follows_visit_id IS NOT NULL
            BEGIN \(followedUp("id IN (OLD.follows_visit_id, NEW.follows_visit_id)")); END;
        CREATE TRIGGER derived_followed_delete AFTER DELETE ON visit WHEN OLD.follows_visit_id IS NOT NULL
            BEGIN \(followedUp("id = OLD.follows_visit_id")); END;
        CREATE TRIGGER derived_listed_insert AFTER INSERT ON visit WHEN NEW.superseded_by IS NULL AND NEW.status <> 'planned'
            BEGIN \(placesOf(["NEW"])) END;
        CREATE TRIGGER derived_listed_update AFTER UPDATE OF status, superseded_by, establishment_id, hotspot_id ON visit
            BEGIN \(placesOf(["OLD", "NEW"])) END;
        CREATE TRIGGER derived_listed_delete AFTER DELETE ON visit WHEN OLD.superseded_by IS NULL AND OLD.status <> 'planned'
            BEGIN \(placesOf(["OLD"])) END;
        CREATE TRIGGER derived_screening_insert AFTER INSERT ON screening
            BEGIN \(screening("id = NEW.case_id")); END;
        CREATE TRIGGER derived_screening_update AFTER UPDATE OF case_id, date, needs ON screening
            BEGIN \(screening("id IN (OLD.case_id, NEW.case_id)")); END;
        CREATE TRIGGER derived_screening_delete AFTER DELETE ON screening
            BEGIN \(screening("id = OLD.case_id")); END;
        CREATE TRIGGER derived_used_insert AFTER INSERT ON referral WHEN NEW.used_date IS NOT NULL
            BEGIN \(firstUsed("id = NEW.case_id")); END;
        CREATE TRIGGER derived_used_update AFTER UPDATE OF case_id, used_date ON referral
            BEGIN \(firstUsed("id IN (OLD.case_id, NEW.case_id)")); END;
        CREATE TRIGGER derived_used_delete AFTER DELETE ON referral WHEN OLD.used_date IS NOT NULL
            BEGIN \(firstUsed("id = OLD.case_id")); END;
        """

    /// Every record's facts at once, for rows written with the triggers set aside (all facts
    /// still at their defaults).
    static func fillAll(_ db: Database) throws {
        try db.execute(sql: """
            UPDATE visit SET followed_up = 1 WHERE id IN (SELECT follows_visit_id FROM visit WHERE follows_visit_id IS NOT NULL AND status <> 'planned');
            \(screening("id IN (SELECT case_id FROM screening)"));
            \(firstUsed("id IN (SELECT case_id FROM referral WHERE used_date IS NOT NULL)"));
            \(listedVisits("establishment", "id IN (SELECT establishment_id FROM visit)"));
            \(listedVisits("hotspot", "id IN (SELECT hotspot_id FROM visit)"));
            """)
    }

    /// Records whose facts disagree with their related rows (for `wardcase check`): none in a sound database.
    static let mismatches = [
        ("visit.followed_up", """
            SELECT COUNT(*) FROM visit v WHERE v.followed_up <> EXISTS (SELECT 1 FROM visit f WHERE f.follows_visit_id = v.id AND f.status <> 'planned')
            """),
        ("support_case.screened_on", """
            SELECT COUNT(*) FROM support_case c WHERE c.screened_on IS NOT (SELECT s.date FROM screening s WHERE s.case_id = c.id ORDER BY s.date DESC, s.id DESC LIMIT 1)
                OR c.needs_now <> COALESCE((SELECT s.needs <> '' FROM screening s WHERE s.case_id = c.id ORDER BY s.date DESC, s.id DESC LIMIT 1), 0)
            """),
        ("establishment.listed_visits", """
            SELECT COUNT(*) FROM establishment e WHERE e.listed_visits <> (SELECT COUNT(*) FROM visit v INDEXED BY visit_place_listed WHERE v.establishment_id = e.id AND \(listed))
            """),
        ("hotspot.listed_visits", """
            SELECT COUNT(*) FROM hotspot h WHERE h.listed_visits <> (SELECT COUNT(*) FROM visit v WHERE v.hotspot_id = h.id AND \(listed))
            """),
        ("support_case.first_used", """
            SELECT COUNT(*) FROM support_case c WHERE c.first_used IS NOT (SELECT MIN(r.used_date) FROM referral r WHERE r.case_id = c.id)
            """),
    ]
}
