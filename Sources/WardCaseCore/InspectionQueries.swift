import Foundation
import GRDB

/// What the visit lists ask for. Builds its own SQL, so screens and commands never do. The
/// counting rules ("inspected", "follow-up still open") live here once and every list, the
/// coverage figure and the reports use them.
public struct VisitQuery: Equatable, Sendable {
    /// The lists a team leader reviews.
    public enum View: String, CaseIterable, Sendable {
        case all, awaitingApproval, returned, followUpsOverdue, remedyPassed, planned
        public var label: Msg {
            switch self {
            case .all: .viewAllVisits
            case .awaitingApproval: .viewAwaitingApproval
            case .returned: .viewReturned
            case .followUpsOverdue: .viewFollowUpsOverdue
            case .remedyPassed: .viewRemedyPassed
            case .planned: .viewPlanned
            }
        }
    }

    /// An establishment counts as inspected on the day of an approved visit.
    package static let inspected = "v.status = 'approved'"
    /// A carried-out visit whose follow-up has not been made yet (`followed_up`: see Derived.swift).
    package static let followUpOpen = "v.followed_up = 0 AND v.status IN ('submitted','approved')"

    public var view: View = .all
    public var from: Formats.Day?
    public var to: Formats.Day?
    public var status: VisitStatus?
    public var kind: VisitKind?
    /// Part of the team's name, accents optional.
    public var team = ""
    /// Part of the place's name, accents optional.
    public var filter = ""
    public var establishmentId: Int64?
    public var hotspotId: Int64?
    public var planId: Int64?
    /// Only records written by this account ("my follow-ups").
    public var authorId: Int64?
    /// Whose approval "awaiting my approval" means: a leader never approves their own records.
    public var reviewerId: Int64?
    /// Records replaced by an approved amendment are left out unless asked for.
    public var includeSuperseded = false
    public var today: Formats.Day = .today()

    public init(view: View = .all, today: Formats.Day = .today()) { self.view = view; self.today = today }

    public var hasFilters: Bool {
        from != nil || to != nil || status != nil || kind != nil || !team.isEmpty || establishmentId != nil || hotspotId != nil || planId != nil
    }

    /// The list as shown by default (not superseded, not planned): the `visit_listed` and
    /// `visit_place_listed` indexes hold exactly these rows.
    private var listed: Bool { view == .all && status == nil && !includeSuperseded }
    /// The index a list is read from: the default list's `visit_listed`; the views of open
    /// follow-ups and passed remedy deadlines their own partial indexes (hundreds of rows of a
    /// million, where the planner would pick the status index and read half the table).
    private var scan: String {
        switch view {
        case .followUpsOverdue: "INDEXED BY visit_follow_up_open"
        case .remedyPassed: "INDEXED BY visit_remedy_open"
        default: listed ? "INDEXED BY visit_listed" : ""
        }
    }
    /// Nothing narrows the list but, perhaps, the place filter.
    private var onlyPlaceFiltered: Bool {
        listed && from == nil && to == nil && kind == nil && establishmentId == nil && hotspotId == nil && planId == nil
            && authorId == nil && VietText.fold(team).isEmpty
    }
    private var placePattern: String? {
        let place = VietText.fold(filter)
        return place.isEmpty ? nil : "%" + Self.escapeLike(place) + "%"
    }
    /// Places whose name or address match the filter: chosen once from 20,000 establishments,
    /// not joined to each of a million visits.
    private static let establishmentMatches = "search_fold LIKE ? ESCAPE '\\'"
    private static let hotspotMatches = "fold(name || ' | ' || address) LIKE ? ESCAPE '\\'"
    private static let matchingEstablishments = "SELECT id FROM establishment WHERE \(establishmentMatches)"
    private static let matchingHotspots = "SELECT id FROM hotspot WHERE \(hotspotMatches)"

    /// `places`: the establishments and hotspots the filter matched, when already looked up.
    private func whereClause(places: (establishments: [Int64], hotspots: [Int64])? = nil) -> (String, StatementArguments) {
        var parts: [String] = []
        var args: StatementArguments = []
        func add(_ sql: String, _ values: [(any DatabaseValueConvertible)?] = []) {
            parts.append(sql)
            _ = args.append(contentsOf: StatementArguments(values))
        }
        if !includeSuperseded { add("v.superseded_by IS NULL") }
        switch view {
        // Planned visits have not happened yet: they have their own view.
        case .all: if status == nil { add("v.status <> 'planned'") }
        case .awaitingApproval: add("v.status = 'submitted' AND v.author_id IS NOT ?", [reviewerId])
        // Sent back by a leader, waiting on its author (narrowed to one author with `authorId`).
        case .returned: add("v.status = 'returned'")
        case .followUpsOverdue: add("v.follow_up_due < ? AND \(Self.followUpOpen)", [today])
        case .remedyPassed: add("v.remedy_deadline < ? AND \(Self.followUpOpen)", [today])
        case .planned: add("v.status = 'planned'")
        }
        if let from { add("v.visit_date >= ?", [from]) }
        if let to { add("v.visit_date <= ?", [to]) }
        if let status { add("v.status = ?", [status]) }
        if let kind { add("v.kind = ?", [kind]) }
        if let establishmentId { add("v.establishment_id = ?", [establishmentId]) }
        if let hotspotId { add("v.hotspot_id = ?", [hotspotId]) }
        if let planId { add("v.plan_id = ?", [planId]) }
        if let authorId { add("v.author_id = ?", [authorId]) }
        if let places {
            func marks(_ n: Int) -> String { Array(repeating: "?", count: n).joined(separator: ",") }
            add("(v.establishment_id IN (\(marks(places.establishments.count))) OR v.hotspot_id IN (\(marks(places.hotspots.count))))",
                places.establishments + places.hotspots)
        } else if let pattern = placePattern {
            add("(v.establishment_id IN (\(Self.matchingEstablishments)) OR v.hotspot_id IN (\(Self.matchingHotspots)))", [pattern, pattern])
        }
        let teamWords = VietText.fold(team)
        if !teamWords.isEmpty { add("fold(v.team) LIKE ? ESCAPE '\\'", ["%" + Self.escapeLike(teamWords) + "%"]) }
        return (parts.isEmpty ? "" : "WHERE " + parts.joined(separator: " AND "), args)
    }

    static func escapeLike(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }

    func count(_ db: Database) throws -> Int {
        if onlyPlaceFiltered {
            if let pattern = placePattern {
                // A visit has an establishment or a hotspot, never both: the places' counts of
                // listed visits (Derived.swift) add up, without reading a visit.
                return try Int.fetchOne(db, sql: """
                    SELECT (SELECT COALESCE(SUM(listed_visits), 0) FROM establishment WHERE \(Self.establishmentMatches))
                         + (SELECT COALESCE(SUM(listed_visits), 0) FROM hotspot WHERE \(Self.hotspotMatches))
                    """, arguments: [pattern, pattern]) ?? 0
            }
            // Every visit, less the few planned or superseded ones: SQLite counts a whole table without reading its rows.
            return try Int.fetchOne(db, sql: """
                SELECT (SELECT COUNT(*) FROM visit) - (SELECT COUNT(*) FROM visit WHERE status = 'planned')
                     - (SELECT COUNT(*) FROM visit WHERE superseded_by IS NOT NULL AND status <> 'planned')
                """) ?? 0
        }
        let (clause, args) = whereClause()
        // (The default list's filtered counts are the planner's to choose: it reads the per-place index.)
        let index = listed ? "" : scan
        return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM visit v \(index) \(clause)", arguments: args) ?? 0
    }

    /// The window is chosen from the visits alone (from the `visit_listed` index when the list is
    /// the default one, so a window deep in a million rows skips index entries, not rows); places
    /// and figures are then looked up for its rows only.
    func rows(_ db: Database, offset: Int, limit: Int) throws -> [VisitRow] {
        // A filter that matches few places (or none) reads their visits through the per-place
        // indexes; one that matches many finds its first window quickly in date order.
        var places: (establishments: [Int64], hotspots: [Int64])?
        if let pattern = placePattern {
            let e = try Int64.fetchAll(db, sql: Self.matchingEstablishments + " LIMIT 301", arguments: [pattern])
            let h = try Int64.fetchAll(db, sql: Self.matchingHotspots + " LIMIT 301", arguments: [pattern])
            if e.count + h.count <= 300 { places = (e, h) }
        }
        let (clause, args) = whereClause(places: places)
        // A few matched places: their visits are read through the per-place index, the planner's choice.
        let scan = listed && places != nil ? "" : scan
        let sql = """
            SELECT \(Self.rowColumns)
            FROM (SELECT v.id FROM visit v \(scan) \(clause) ORDER BY \(order) LIMIT ? OFFSET ?) w
            JOIN visit v ON v.id = w.id \(Self.rowJoins)
            ORDER BY \(order)
            """
        var all = args
        _ = all.append(contentsOf: [limit, offset])
        return try Row.fetchAll(db, sql: sql, arguments: all).map(row)
    }

    /// Every visit of the list in its order, from one cursor, each handed to `body` before the
    /// next is read: an export of a million visits holds one in memory.
    func each(_ db: Database, _ body: (VisitRow) throws -> Void) throws {
        let (clause, args) = whereClause()
        let rows = try Row.fetchCursor(db, sql: "SELECT \(Self.rowColumns) FROM visit v \(scan) \(Self.rowJoins) \(clause) ORDER BY \(order)",
                                       arguments: args)
        while let r = try rows.next() { try body(try row(r)) }
    }

    /// Plans read soonest first; everything else newest first.
    private var order: String { view == .planned ? "v.visit_date ASC, v.id ASC" : "v.visit_date DESC, v.visit_time DESC, v.id DESC" }

    /// A visit's columns in `Visit.columns` order, then its place and the figures the list shows
    /// beside it, read by position (`row`): no look-up by name for a million rows.
    private static let rowColumns = Visit.columns.map { "v." + $0 }.joined(separator: ", ") + ", " + """
        COALESCE(e.name, h.name) AS place_name, COALESCE(e.residential_group, h.residential_group) AS grp,
            (SELECT COUNT(*) FROM violation x WHERE x.visit_id = v.id) AS violations,
            (SELECT COALESCE(SUM(x.fine), 0) FROM violation x WHERE x.visit_id = v.id) AS fines,
            (SELECT COALESCE(SUM(x.fine), 0) FROM violation x JOIN sanction s ON s.violation_id = x.id
                WHERE x.visit_id = v.id AND s.paid_date IS NOT NULL) AS fines_paid,
            v.followed_up AS follow_up_done
        """
    private static let rowJoins = "LEFT JOIN establishment e ON e.id = v.establishment_id LEFT JOIN hotspot h ON h.id = v.hotspot_id"

    private func row(_ r: Row) throws -> VisitRow {
        let n = Visit.columns.count
        return VisitRow(visit: try Visit(row: r, at: 0), placeName: r[n] ?? "", group: r[n + 1] ?? "", violations: r[n + 2] ?? 0,
                        fines: r[n + 3] ?? 0, finesPaid: r[n + 4] ?? 0, followUpDone: r[n + 5] ?? false, today: today)
    }
}

/// One line of a visit list: the visit, its place and what the list shows beside it.
public struct VisitRow: Equatable, Sendable {
    public var visit: Visit
    public var placeName: String
    public var group: String
    public var violations: Int
    public var fines: Int64
    /// The fines whose sanction decision says they were paid.
    public var finesPaid: Int64
    public var followUpDone: Bool
    public var today: Formats.Day

    /// The follow-up or remedy deadline passed with no follow-up visit yet.
    public var overdue: Bool {
        guard !followUpDone, visit.status == .submitted || visit.status == .approved, visit.supersededBy == nil else { return false }
        return [visit.followUpDue, visit.remedyDeadline].contains { $0.map { $0 < today } ?? false }
    }

    /// The deadline a leader watches: the earlier of the remedy deadline and the follow-up date,
    /// until the follow-up visit is made.
    public var deadline: Formats.Day? { followUpDone ? nil : [visit.followUpDue, visit.remedyDeadline].compactMap { $0 }.min() }
}

/// Establishments inspected this year against those under management.
public struct Coverage: Equatable, Sendable {
    /// On the register, not archived, not closed.
    package static let underManagement = "e.archived = 0 AND e.status <> 'closed'"

    public struct Group: Equatable, Sendable {
        public var name: String
        public var managed: Int
        public var inspected: Int
        public var percent: Int { Coverage.percent(inspected, of: managed) }
        public func meets(_ targetPercent: Int) -> Bool { managed > 0 && inspected * 100 >= targetPercent * managed }
    }

    public var year: Int
    public var targetPercent: Int
    /// Weakest coverage first: where the team should go next.
    public var groups: [Group]

    public init(year: Int, targetPercent: Int, groups: [Group]) {
        self.year = year
        self.targetPercent = targetPercent
        self.groups = groups.sorted { ($0.percent, $0.name) < ($1.percent, $1.name) }
    }

    public var managed: Int { groups.reduce(0) { $0 + $1.managed } }
    public var inspected: Int { groups.reduce(0) { $0 + $1.inspected } }
    public var percent: Int { Coverage.percent(inspected, of: managed) }
    public var meetsTarget: Bool { managed > 0 && inspected * 100 >= targetPercent * managed }

    /// Rounded down, so 79.9% never shows as meeting an 80% target.
    static func percent(_ part: Int, of whole: Int) -> Int { Formats.percent(Int64(part), of: Int64(whole)).map(Int.init) ?? 0 }
}

/// What the tip-off lists ask for.
public struct TipQuery: Equatable, Sendable {
    public enum View: String, CaseIterable, Sendable {
        case all, open, overdue, handled
        public var label: Msg {
            switch self { case .all: .viewAllTips; case .open: .viewOpenTips; case .overdue: .viewOverdueTips; case .handled: .viewHandledTips }
        }
    }

    /// The waiting step is past its due date. The same rule as `TipOff.isOverdue`, for SQL.
    static let overdue = """
        ((t.verified_date IS NULL AND t.verify_due < :today) \
        OR (t.verified_date IS NOT NULL AND t.classified_date IS NULL AND t.classify_due < :today) \
        OR (t.classified_date IS NOT NULL AND t.handled_date IS NULL AND t.handle_due < :today))
        """

    public var view: View = .all
    public var from: Formats.Day?
    public var to: Formats.Day?
    public var kind: TipKind?
    public var filter = ""
    public var establishmentId: Int64?
    public var today: Formats.Day = .today()

    public init(view: View = .all, today: Formats.Day = .today()) { self.view = view; self.today = today }

    /// The list's conditions: `parts` all hold; with filter words, the tip-off's own folded text
    /// matches them (`text`) or it is linked to a place whose name does (`places`, each a condition).
    private struct Conditions {
        var parts: [String] = []
        var text: String?
        var places: [String] = []
        /// How many places matched.
        var placeCount = 0
        var args: StatementArguments = []

        /// All of it, as one WHERE clause.
        var clause: String {
            var all = parts
            if let text { all.append("(" + ([text] + places).joined(separator: " OR ") + ")") }
            return all.isEmpty ? "" : "WHERE " + all.joined(separator: " AND ")
        }
    }

    private func conditions(_ db: Database) throws -> Conditions {
        var parts: [String] = []
        var args: [String: (any DatabaseValueConvertible)?] = ["today": today]
        switch view {
        case .all: break
        case .open: parts.append("t.handled_date IS NULL")
        case .overdue: parts.append(Self.overdue)
        case .handled: parts.append("t.handled_date IS NOT NULL")
        }
        if let from { parts.append("t.received_date >= :from"); args["from"] = from }
        if let to { parts.append("t.received_date <= :to"); args["to"] = to }
        if let kind { parts.append("t.kind = :kind"); args["kind"] = kind }
        if let establishmentId { parts.append("t.establishment_id = :est"); args["est"] = establishmentId }
        var c = Conditions(parts: parts)
        let words = VietText.fold(filter)
        if !words.isEmpty {
            // The tip-off's own folded text (`TipOff.searchText`), read from the `tip_search`
            // index, not from the tip-offs; the places are looked up once (most words name none).
            let pattern = "%" + VisitQuery.escapeLike(words) + "%"
            args["words"] = pattern
            c.text = "t.search_fold LIKE :words ESCAPE '\\'"
            for (column, sql) in [("establishment_id", "SELECT id FROM establishment WHERE name_fold LIKE ? ESCAPE '\\'"),
                                  ("hotspot_id", "SELECT id FROM hotspot WHERE fold(name) LIKE ? ESCAPE '\\'")] {
                let ids = try Int64.fetchAll(db, sql: sql, arguments: [pattern])
                if ids.isEmpty { continue }
                c.places.append("t.\(column) IN (SELECT value FROM json_each(:\(column)))")
                c.placeCount += ids.count
                args[column] = "[" + ids.map(String.init).joined(separator: ",") + "]"
            }
        }
        c.args = StatementArguments(args)
        return c
    }

    private static let from = "FROM tip t LEFT JOIN establishment e ON e.id = t.establishment_id LEFT JOIN hotspot h ON h.id = t.hotspot_id"

    func count(_ db: Database) throws -> Int {
        let c = try conditions(db)
        // One pass over the index; but when a few places matched (up to 1,000: most words), those
        // whose text matches, then those whose text does not but whose place does, the second
        // from those places' own tip-offs, not a look-up of the places for each of 200,000.
        guard let text = c.text, (1...1000).contains(c.placeCount) else {
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tip t \(c.clause)", arguments: c.args) ?? 0
        }
        let base = c.parts.map { $0 + " AND " }.joined()
        return try Int.fetchOne(db, sql: """
            SELECT (SELECT COUNT(*) FROM tip t WHERE \(base)\(text))
                 + (SELECT COUNT(*) FROM tip t WHERE \(base)NOT \(text) AND (\(c.places.joined(separator: " OR "))))
            """, arguments: c.args) ?? 0
    }

    func rows(_ db: Database, offset: Int, limit: Int) throws -> [TipRow] {
        let c = try conditions(db)
        var args = c.args
        _ = args.append(contentsOf: StatementArguments(["limit": limit, "offset": offset]))
        return try Row.fetchAll(db, sql: Self.select + " \(c.clause) \(Self.order) LIMIT :limit OFFSET :offset", arguments: args).map(row)
    }

    /// Every tip-off of the list in its order, from one cursor, each handed to `body` before the
    /// next is read (exports).
    func each(_ db: Database, _ body: (TipRow) throws -> Void) throws {
        let c = try conditions(db)
        let rows = try Row.fetchCursor(db, sql: Self.select + " \(c.clause) \(Self.order)", arguments: c.args)
        while let r = try rows.next() { try body(try row(r)) }
    }

    /// A tip-off's columns in `TipOff.columns` order, then its place's name, read by position.
    private static let select = "SELECT " + TipOff.columns.map { "t." + $0 }.joined(separator: ", ")
        + ", COALESCE(e.name, h.name, t.place) AS place_name \(from)"
    private static let order = "ORDER BY t.received_date DESC, t.id DESC"

    private func row(_ r: Row) throws -> TipRow {
        TipRow(tip: try TipOff(row: r, at: 0), placeName: r[TipOff.columns.count] ?? "", today: today)
    }
}

public struct TipRow: Equatable, Sendable {
    public var tip: TipOff
    public var placeName: String
    public var today: Formats.Day
    public var overdue: Bool { tip.isOverdue(today: today) }
}

/// What the hotspot list asks for.
public struct HotspotQuery: Equatable, Sendable {
    public var status: HotspotStatus?
    public var filter = ""
    public init(status: HotspotStatus? = nil) { self.status = status }

    func rows(_ db: Database) throws -> [HotspotRow] {
        var parts: [String] = []
        var args: StatementArguments = []
        if let status { parts.append("h.status = ?"); _ = args.append(contentsOf: [status]) }
        let words = VietText.fold(filter)
        if !words.isEmpty {
            parts.append("fold(h.name || ' | ' || h.address || ' | ' || h.residential_group) LIKE ? ESCAPE '\\'")
            _ = args.append(contentsOf: ["%" + VisitQuery.escapeLike(words) + "%"])
        }
        let clause = parts.isEmpty ? "" : "WHERE " + parts.joined(separator: " AND ")
        let sql = """
            SELECT h.*, (SELECT COUNT(*) FROM visit v WHERE v.hotspot_id = h.id AND v.status <> 'planned') AS visits,
                (SELECT MAX(v.visit_date) FROM visit v WHERE v.hotspot_id = h.id AND v.status <> 'planned') AS last_visit
            FROM hotspot h \(clause)
            ORDER BY CASE h.status WHEN 'reformed' THEN 0 WHEN 'active' THEN 1 ELSE 2 END, h.status_date DESC, h.id DESC
            """
        return try Row.fetchAll(db, sql: sql, arguments: args).map {
            HotspotRow(hotspot: try Hotspot(row: $0), visits: $0["visits"], lastVisit: $0["last_visit"])
        }
    }
}

public struct HotspotRow: Equatable, Sendable {
    public var hotspot: Hotspot
    public var visits: Int
    public var lastVisit: Formats.Day?
}
