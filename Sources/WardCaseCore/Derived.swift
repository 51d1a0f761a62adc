import GRDB

/// Facts the database keeps on a record about its related records, so that the reports and the
/// overview count them from one index instead of a look-up per row (migration v8; see
/// docs/PERFORMANCE.md). Triggers keep them right whatever writes the related rows: their text is
/// the latest migration's that made them (v14), as a migration's SQL is frozen. This is where
/// `check` and the bulk load read what the facts are today.
///
/// - `visit.followed_up`: a visit, not only planned, follows this one (`follows_visit_id`).
/// - `support_case.screened_on` and `needs_now`: the date of the case's latest screening (latest
///   by date, then by entry) and whether it found a need.
/// - `support_case.first_used`: the first day the person used a referred service.
/// - `establishment.listed_visits`, `hotspot.listed_visits`: how many of the place's visits the
///   visit list shows (not superseded, not planned), so that a place filter over a million visits
///   counts its matches from the places alone.
enum DerivedFacts {
    /// A visit the visit list shows.
    static let listed = "v.superseded_by IS NULL AND v.status <> 'planned'"

    // Each fact's value for the record `row` (a table name or alias), from its related rows.

    static func followedUpValue(_ row: String) -> String {
        "EXISTS (SELECT 1 FROM visit f WHERE f.follows_visit_id = \(row).id AND f.status <> 'planned')"
    }

    /// `what` of the case's latest screening (by date, then by entry).
    static func latestScreening(_ row: String, _ what: String) -> String {
        "(SELECT \(what) FROM screening s WHERE s.case_id = \(row).id ORDER BY s.date DESC, s.id DESC LIMIT 1)"
    }

    static func needsNowValue(_ row: String) -> String { "COALESCE(\(latestScreening(row, "s.needs <> ''")), 0)" }

    static func firstUsedValue(_ row: String) -> String { "(SELECT MIN(r.used_date) FROM referral r WHERE r.case_id = \(row).id)" }

    static func listedVisitsValue(_ table: String, _ row: String) -> String {
        table == "establishment"
            ? "(SELECT COUNT(*) FROM visit v INDEXED BY visit_place_listed WHERE v.establishment_id = \(row).id AND \(listed))"
            : "(SELECT COUNT(*) FROM visit v WHERE v.hotspot_id = \(row).id AND \(listed))"
    }

    // The statements that set them for the records `which` picks.

    static func followedUp(_ which: String) -> String { "UPDATE visit SET followed_up = \(followedUpValue("visit")) WHERE \(which)" }

    static func screening(_ which: String) -> String {
        "UPDATE support_case SET screened_on = \(latestScreening("support_case", "s.date")), needs_now = \(needsNowValue("support_case")) WHERE \(which)"
    }

    static func firstUsed(_ which: String) -> String { "UPDATE support_case SET first_used = \(firstUsedValue("support_case")) WHERE \(which)" }

    static func listedVisits(_ table: String, _ which: String) -> String {
        "UPDATE \(table) SET listed_visits = \(listedVisitsValue(table, table)) WHERE \(which)"
    }

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
        ("visit.followed_up", "SELECT COUNT(*) FROM visit v WHERE v.followed_up <> \(followedUpValue("v"))"),
        ("support_case.screened_on", """
            SELECT COUNT(*) FROM support_case c WHERE c.screened_on IS NOT \(latestScreening("c", "s.date")) OR c.needs_now <> \(needsNowValue("c"))
            """),
        ("support_case.first_used", "SELECT COUNT(*) FROM support_case c WHERE c.first_used IS NOT \(firstUsedValue("c"))"),
        ("establishment.listed_visits", "SELECT COUNT(*) FROM establishment e WHERE e.listed_visits <> \(listedVisitsValue("establishment", "e"))"),
        ("hotspot.listed_visits", "SELECT COUNT(*) FROM hotspot h WHERE h.listed_visits <> \(listedVisitsValue("hotspot", "h"))"),
    ]
}
