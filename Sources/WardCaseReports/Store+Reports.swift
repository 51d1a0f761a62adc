import Foundation
import WardCaseCore
import GRDB

/// Report figures, drafts, finalised versions and the activities log. Who may draft is checked
/// by the screens' action table; the shell commands run for the ward's administrator. Every figure is counted
/// here, by the same rules the lists use (`VisitQuery.inspected`, `Coverage.underManagement`,
/// `TipQuery.overdue`, `supportFigures`), so the lists, the overview and the report agree.
extension WardStore {
    public func reportDeadlines() throws -> ReportDeadlines {
        try reading { db in try Self.reportDeadlines(db) }
    }

    /// The days a report of `period` counts, by the ward's closing convention.
    public func dataPeriod(_ period: ReportPeriod) throws -> ReportPeriod {
        period.data(ReportClosing(rawValue: try setting(.reportClosing)) ?? .calendar)
    }

    // MARK: Figures

    /// The visits a report counts in a period (bind its start and end): approved ones.
    /// (Read from the `visit_approved` index alone: a month of a city's million visits in milliseconds.)
    static let visitsIn = "FROM visit v INDEXED BY visit_approved WHERE \(VisitQuery.inspected) AND v.visit_date BETWEEN ? AND ?"
    /// The violations found on those visits.
    static let violationsIn = """
        FROM visit v INDEXED BY visit_approved CROSS JOIN violation x ON x.visit_id = v.id \
        WHERE \(VisitQuery.inspected) AND v.visit_date BETWEEN ? AND ?
        """

    /// Every figure of `period`, counted over its data days (`dataPeriod`); before those end,
    /// as far as today.
    /// The hotspots active on a day (bind it): found by then, and their last status by then is active.
    static let hotspotsActiveAt = """
        SELECT h.id, h.name FROM hotspot h WHERE h.found_date <= ?1 AND COALESCE((
            SELECT s.status FROM hotspot_status s WHERE s.hotspot_id = h.id AND s.date <= ?1 ORDER BY s.date DESC, s.id DESC LIMIT 1), 'active') = 'active'
        """

    /// `scope` `.percentages` counts the percentages only (the overview's gauges), each as the report counts it.
    public func reportFigures(_ period: ReportPeriod, language: Language = .vi, scope: FigureScope = .report) throws -> ReportFigures {
        let data = try dataPeriod(period)
        let today = Formats.Day.today(clock())
        let full = scope == .report
        let support = try supportFigures(from: data.start, to: data.end, scope: scope)
        let police = full ? try policeListFigures(from: data.start, to: data.end) : PoliceListFigures()
        let splits = full ? try supportSplits(from: data.start, to: data.end) : []
        return try reading { db in
            let from = data.start, to = data.end
            func count(_ sql: String, _ args: StatementArguments = []) throws -> Int64 {
                try Int64.fetchOne(db, sql: sql, arguments: args) ?? 0
            }
            func fig(_ id: String, _ key: Msg, _ value: Int64?, unit: FigureUnit = .count, detail: Bool = false) -> Figure {
                Figure(id: id, label: key.rawValue, labelIsKey: true, value: value, unit: unit, target: nil, detail: detail)
            }
            func named(_ id: String, _ text: String, _ value: Int64?, unit: FigureUnit = .count) -> Figure {
                Figure(id: id, label: text, labelIsKey: false, value: value, unit: unit, target: nil, detail: true)
            }
            func percent(_ part: Int64, _ whole: Int64) -> Int64? { Formats.percent(part, of: whole) }
            let range: StatementArguments = [from, to]

            // Establishments
            // Each figure split by a column is one pass, grouped, not a pass per value.
            func grouped<Key: DatabaseValueConvertible & Hashable>(_ sql: String, _ args: StatementArguments = []) throws -> [Key: Int64] {
                Dictionary(try Row.fetchAll(db, sql: sql, arguments: args).compactMap { row in
                    (row[0] as Key?).map { ($0, row[1] as Int64) }
                }, uniquingKeysWith: +)
            }
            // (The planner would read the whole table for these; the partial index holds just these rows.)
            let byType: [Int64: Int64] = try grouped("SELECT e.type_id, COUNT(*) FROM establishment e INDEXED BY establishment_managed WHERE \(Coverage.underManagement) GROUP BY e.type_id")
            // Every establishment has a type (type_id is NOT NULL): the types add up to all of them.
            let managed = byType.values.reduce(0, +)
            var est = [fig("est.managed", .figManaged, managed)]
            if full {
                for t in try EstablishmentType.order(Column("sort_order")).fetchAll(db) {
                    if let id = t.id, let n = byType[id], n > 0 { est.append(named("est.type.\(t.code)", t.name(language), n)) }
                }
                est.append(fig("est.new", .figNew, try count("""
                    SELECT COUNT(*) FROM audit WHERE record_type = 'establishment' AND action = 'create' AND substr(at, 1, 10) BETWEEN ? AND ?
                    """, range)))
                est.append(fig("est.closed", .figClosed, try count("SELECT COUNT(*) FROM establishment WHERE status = 'closed' AND status_date BETWEEN ? AND ?", range)))
                est.append(fig("est.commitments", .figCommitments, try count("SELECT COUNT(*) FROM establishment WHERE commitment_date BETWEEN ? AND ?", range)))
            }
            let signed = try count("SELECT COUNT(*) FROM establishment e INDEXED BY establishment_managed WHERE \(Coverage.underManagement) AND e.commitment_signed = 1")
            est.append(fig("est.commitment_share", .figCommitmentShare, percent(signed, managed), unit: .percent))
            // The workers at the establishments under management: how many were health-checked
            // (plan 000 sets at least 60%) and reached by prevention information (002: 70%).
            if let w = try Row.fetchOne(db, sql: """
                SELECT COALESCE(SUM(e.workers), 0), COALESCE(SUM(e.workers_health_checked), 0), COALESCE(SUM(e.workers_reached), 0)
                FROM establishment e INDEXED BY establishment_managed WHERE \(Coverage.underManagement)
                """) {
                let workers: Int64 = w[0], checked: Int64 = w[1], reached: Int64 = w[2]
                est.append(fig("est.workers", .figWorkers, workers))
                est.append(fig("est.workers_health_checked", .figWorkersHealthChecked, checked, detail: true))
                est.append(fig("est.workers_health_share", .figWorkersHealthShare, percent(checked, workers), unit: .percent, detail: true))
                est.append(fig("est.workers_reached", .figWorkersReached, reached, detail: true))
                est.append(fig("est.workers_reached_share", .figWorkersReachedShare, percent(reached, workers), unit: .percent, detail: true))
            }
            // Reviewed and classified by risk (plan 004 sets 95%): anything but "chưa phân loại".
            let classified = try count("SELECT COUNT(*) FROM establishment e INDEXED BY establishment_managed WHERE \(Coverage.underManagement) AND e.risk_level <> 'unclassified'")
            est.append(fig("est.classified", .figClassified, classified, detail: true))
            est.append(fig("est.classified_share", .figClassifiedShare, percent(classified, managed), unit: .percent))

            // Inspections (approved visits, the same rule as coverage)
            let visitsIn = Self.visitsIn
            let byKind: [String: Int64] = full ? try grouped("SELECT v.kind, COUNT(*) \(visitsIn) GROUP BY v.kind", range) : [:]
            var insp: [Figure] = []
            if full {
                insp.append(fig("visits.total", .figVisits, byKind.values.reduce(0, +)))
                for k in VisitKind.allCases {
                    insp.append(fig("visits.kind.\(k.rawValue)", k.label, byKind[k.rawValue] ?? 0, detail: true))
                }
                // By the standing team (one of its members on the team that day) and by others.
                let byTeam = try count("SELECT COUNT(*) \(visitsIn) AND \(WardStore.byStandingTeam)", range)
                insp.append(fig("visits.standing_team", .figVisitsStandingTeam, byTeam, detail: true))
                insp.append(fig("visits.other_team", .figVisitsOtherTeam, byKind.values.reduce(0, +) - byTeam, detail: true))
            }
            // Each establishment under management looked up among the period's approved visits:
            // 20,000 look-ups, not a distinct count over a year's 100,000 visits. (In table order,
            // so that the look-ups walk the index forwards: twice as fast as in type order.)
            let inspected = try count("""
                SELECT COUNT(*) FROM establishment e WHERE \(Coverage.underManagement) AND EXISTS (SELECT 1 FROM visit v INDEXED BY visit_approved_place
                    WHERE v.establishment_id = e.id AND \(VisitQuery.inspected) AND v.visit_date BETWEEN ? AND ?)
                """, range)
            insp.append(fig("visits.inspected", .figInspected, inspected))
            insp.append(fig("visits.coverage", .figCoverage, percent(inspected, managed), unit: .percent))
            if full {
                let violationsIn = Self.violationsIn
                var byHandling: [String: (count: Int64, fines: Int64)] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT x.handling, COUNT(*), COALESCE(SUM(x.fine), 0) \(violationsIn) GROUP BY x.handling",
                                            arguments: range) {
                    byHandling[row[0] ?? ""] = (row[1], row[2])
                }
                insp.append(fig("violations.total", .figViolations, byHandling.values.reduce(0) { $0 + $1.count }))
                for h in Handling.allCases {
                    insp.append(fig("violations.\(h.rawValue)", h.label, byHandling[h.rawValue]?.count ?? 0, detail: true))
                }
                insp.append(fig("fines.total", .figFines, byHandling.values.reduce(0) { $0 + $1.fines }, unit: .money))
                insp.append(fig("followups.done", .figFollowUpsDone, byKind[VisitKind.followUp.rawValue] ?? 0))
                insp.append(fig("followups.overdue", .figFollowUpsOverdue, try count("""
                    SELECT COUNT(*) FROM visit v INDEXED BY visit_follow_up_open
                    WHERE v.superseded_by IS NULL AND v.follow_up_due < ? AND \(VisitQuery.followUpOpen)
                    """, [to.adding(days: 1)])))
            }

            // Tip-offs
            var tips: [Figure] = []
            if full {
                tips.append(fig("tips.received", .figTipsReceived, try count("SELECT COUNT(*) FROM tip WHERE received_date BETWEEN ? AND ?", range)))
                tips.append(fig("tips.verified", .figTipsVerified, try count("SELECT COUNT(*) FROM tip WHERE verified_date BETWEEN ? AND ?", range)))
                tips.append(fig("tips.classified", .figTipsClassified, try count("SELECT COUNT(*) FROM tip WHERE classified_date BETWEEN ? AND ?", range)))
            }
            let handled = try count("SELECT COUNT(*) FROM tip WHERE handled_date BETWEEN ? AND ?", range)
            let inTime = try count("SELECT COUNT(*) FROM tip WHERE handled_date BETWEEN ? AND ? AND handled_date <= handle_due", range)
            tips.append(fig("tips.handled", .figTipsHandled, handled))
            tips.append(fig("tips.in_time", .figTipsInTime, percent(inTime, handled), unit: .percent))
            tips.append(fig("hotspots.found", .figHotspotsFound, try count("SELECT COUNT(*) FROM hotspot WHERE found_date BETWEEN ? AND ?", range)))
            tips.append(fig("hotspots.eliminated", .figHotspotsEliminated,
                            try count("SELECT COUNT(*) FROM hotspot_status WHERE status = 'eliminated' AND date BETWEEN ? AND ?", range)))
            tips.append(fig("hotspots.reformed", .figHotspotsReformed,
                            try count("SELECT COUNT(*) FROM hotspot_status WHERE status = 'reformed' AND date BETWEEN ? AND ?", range)))
            // Still active on the period's last day: found by then, and the last status by then is active.
            tips.append(fig("hotspots.active_end", .figHotspotsActiveEnd, try count("SELECT COUNT(*) FROM (\(Self.hotspotsActiveAt))", [to])))

            // Support (codes and counts only)
            var sup: [Figure] = []
            if full {
                sup += [fig("support.reached", .figReached, Int64(support.reached)), fig("support.screened", .figScreened, Int64(support.screened)),
                        fig("support.referred", .figReferred, Int64(support.referred)), fig("support.used", .figUsed, Int64(support.usedService))]
                for s in Service.allCases {
                    if let n = support.byService[s], n.referred > 0 || n.used > 0 {
                        sup.append(Figure(id: "support.service.\(s.rawValue)", label: s.label.rawValue, labelIsKey: true, value: Int64(n.used),
                                          unit: .count, target: nil, detail: true))
                    }
                }
                // The people newly reached, by target group (trafficking returnees among them), sex and age group.
                for split in splits where split.reached > 0 {
                    let key = switch split.by { case .targetGroup: "group"; case .sex: "sex"; case .ageGroup: "age" }
                    sup.append(Figure(id: "support.\(key).\(split.code)", label: split.label.rawValue, labelIsKey: true, value: Int64(split.reached),
                                      unit: .count, target: nil, detail: true))
                }
            }
            sup.append(fig("support.access", .figAccess, support.accessPercent.map(Int64.init), unit: .percent))
            if full {
                // The police's lists of people sanctioned (plan 004 IV.2.e): how many, met, supported.
                sup.append(fig("support.police_list", .figPoliceListPeople, Int64(police.people)))
                sup.append(fig("support.police_list_reached", .figPoliceListReached, Int64(police.reached), detail: true))
                sup.append(fig("support.police_list_supported", .figPoliceListSupported, Int64(police.supported), detail: true))
            }

            // Activities
            func activity(_ kind: ActivityKind, _ what: String) throws -> Int64 {
                try count("SELECT COALESCE(\(what), 0) FROM activity WHERE kind = ? AND date BETWEEN ? AND ?", [kind, from, to])
            }
            var act = [
                fig("comm.sessions", .figCommSessions, try activity(.communication, "COUNT(*)")),
                fig("comm.people", .figCommPeople, try activity(.communication, "SUM(people)")),
            ]
            // By channel, and the people reached by category (activities logged with them).
            let logged = try Row.fetchAll(db, sql: "SELECT kind, channel, reached, trainees FROM activity WHERE date BETWEEN ? AND ?",
                                          arguments: [from, to])
            for c in ActivityChannel.allCases {
                let n = logged.filter { ($0["kind"] as String) == ActivityKind.communication.rawValue && ($0["channel"] as String) == c.rawValue }.count
                if n > 0 { act.append(fig("comm.channel.\(c.rawValue)", c.label, Int64(n), detail: true)) }
            }
            var byCategory: [AudienceCategory: Int] = [:]
            for row in logged where (row["kind"] as String) == ActivityKind.communication.rawValue {
                byCategory.merge(Activity.decodeReached(row["reached"]), uniquingKeysWith: +)
            }
            for c in AudienceCategory.allCases {
                if let n = byCategory[c], n > 0 { act.append(fig("comm.audience.\(c.rawValue)", c.label, Int64(n), detail: true)) }
            }
            act.append(fig("training.sessions", .figTrainingSessions, try activity(.training, "COUNT(*)")))
            act.append(fig("training.people", .figTrainingPeople, try activity(.training, "SUM(people)")))
            // Staff trained: the trainees of the period's trainings against the programme's staff that year.
            let trained = logged.filter { ($0["kind"] as String) == ActivityKind.training.rawValue }
                .reduce(0) { $0 + Activity.decodeTrainees($1["trainees"]).values.reduce(0, +) }
            let staff = try Int64.fetchOne(db, sql: "SELECT staff FROM programme_staff WHERE year = ?", arguments: [to.year])
            act.append(fig("training.staff", .figStaffTrained, Int64(trained), detail: true))
            act.append(fig("training.staff_share", .figStaffTrainedShare, staff.flatMap { percent(min(Int64(trained), $0), $0) }, unit: .percent))
            var figures = ReportFigures(period: period, dataFrom: from, dataTo: to, countedOn: today < to ? today : nil, sections: [
                FigureSection(title: Msg.sectionEstablishments.rawValue, figures: est),
                FigureSection(title: Msg.sectionInspections.rawValue, figures: insp),
                FigureSection(title: Msg.sectionTips.rawValue, figures: tips),
                FigureSection(title: Msg.sectionSupport.rawValue, figures: sup),
                FigureSection(title: Msg.sectionActivities.rawValue, figures: act),
            ])
            // The year's plan says what each figure should reach.
            figures.setTargets(try Self.targets(db, year: period.end.year))
            return figures
        }
    }

    /// The records behind a figure, one line each, so the clerk can check it. Never a person's identity.
    public func recordsBehind(_ figureId: String, period nominal: ReportPeriod, language: Language = .vi) throws -> [String] {
        let period = try dataPeriod(nominal)
        let range: StatementArguments = [period.start, period.end]
        let visits = """
            SELECT v.visit_date || ' · ' || COALESCE(e.name, h.name, '') || ' · ' || v.kind FROM visit v
            LEFT JOIN establishment e ON e.id = v.establishment_id LEFT JOIN hotspot h ON h.id = v.hotspot_id
            WHERE \(VisitQuery.inspected) AND v.visit_date BETWEEN ? AND ?
            """
        let violations = """
            SELECT v.visit_date || ' · ' || COALESCE(e.name, h.name, '') || ' · ' || x.description || ' · ' || x.handling || ' ' || x.fine
            FROM violation x JOIN visit v ON v.id = x.visit_id
            LEFT JOIN establishment e ON e.id = v.establishment_id LEFT JOIN hotspot h ON h.id = v.hotspot_id
            WHERE \(VisitQuery.inspected) AND v.visit_date BETWEEN ? AND ?
            """
        let sql: (String, StatementArguments)?
        switch figureId {
        case "est.managed": sql = ("SELECT e.name || ' · ' || e.street FROM establishment e WHERE \(Coverage.underManagement) ORDER BY e.name_fold", [])
        case "est.closed": sql = ("SELECT status_date || ' · ' || name FROM establishment WHERE status = 'closed' AND status_date BETWEEN ? AND ?", range)
        case "est.commitments": sql = ("SELECT commitment_date || ' · ' || name FROM establishment WHERE commitment_date BETWEEN ? AND ?", range)
        case "visits.total", "visits.inspected", "visits.coverage": sql = (visits + " ORDER BY v.visit_date", range)
        case "followups.done": sql = (visits + " AND v.kind = 'follow_up' ORDER BY v.visit_date", range)
        case "violations.total", "fines.total": sql = (violations + " ORDER BY v.visit_date", range)
        case "tips.received": sql = ("SELECT received_date || ' · ' || kind || ' · ' || substr(content, 1, 60) FROM tip WHERE received_date BETWEEN ? AND ?", range)
        case "tips.handled", "tips.in_time":
            sql = ("SELECT handled_date || ' · hạn ' || handle_due || ' · ' || substr(content, 1, 60) FROM tip WHERE handled_date BETWEEN ? AND ?", range)
        case "hotspots.found": sql = ("SELECT found_date || ' · ' || name FROM hotspot WHERE found_date BETWEEN ? AND ?", range)
        case "support.reached": sql = ("SELECT reached_on || ' · ' || code FROM (\(SupportFigures.newlyReached)) ORDER BY reached_on, code", range)
        case "est.workers", "est.workers_health_checked", "est.workers_health_share", "est.workers_reached", "est.workers_reached_share":
            sql = ("""
                SELECT e.name || ' · ' || e.workers || ' · ' || e.workers_health_checked || ' · ' || e.workers_reached FROM establishment e
                WHERE \(Coverage.underManagement) AND e.workers > 0 ORDER BY e.name_fold
                """, [])
        case "tips.classified": sql = ("SELECT classified_date || ' · ' || kind || ' · ' || COALESCE(classification, '') FROM tip WHERE classified_date BETWEEN ? AND ? ORDER BY classified_date", range)
        case "hotspots.active_end": sql = ("SELECT name FROM (\(Self.hotspotsActiveAt)) ORDER BY name", [period.end])
        case "support.police_list", "support.police_list_reached", "support.police_list_supported":
            sql = ("""
                SELECT l.received_on || ' · ' || c.code || ' · ' || l.reference FROM police_list_entry e JOIN police_list l ON l.id = e.list_id
                JOIN support_case c ON c.id = e.case_id WHERE l.received_on BETWEEN ? AND ? ORDER BY l.received_on, c.code
                """, range)
        case "support.referred": sql = ("SELECT r.referred_date || ' · ' || c.code || ' · ' || r.service FROM referral r JOIN support_case c ON c.id = r.case_id WHERE r.referred_date BETWEEN ? AND ?", range)
        case "support.used": sql = ("SELECT r.used_date || ' · ' || c.code || ' · ' || r.service FROM referral r JOIN support_case c ON c.id = r.case_id WHERE r.used_date BETWEEN ? AND ?", range)
        case "comm.sessions", "comm.people", "training.sessions", "training.people":
            sql = ("SELECT date || ' · ' || kind || ' · ' || audience || ' · ' || people FROM activity WHERE date BETWEEN ? AND ? AND kind = ?",
                   [period.start, period.end, figureId.hasPrefix("comm") ? "communication" : "training"])
        case "est.new":
            sql = ("""
                SELECT substr(a.at, 1, 10) || ' · ' || COALESCE(e.name, '#' || a.record_id) FROM audit a
                LEFT JOIN establishment e ON e.id = a.record_id
                WHERE a.record_type = 'establishment' AND a.action = 'create' AND substr(a.at, 1, 10) BETWEEN ? AND ?
                """, range)
        case "est.classified", "est.classified_share":
            sql = ("SELECT e.name || ' · ' || CASE e.risk_level WHEN 'unclassified' THEN '✗' ELSE '✓ ' || e.risk_level END FROM establishment e WHERE \(Coverage.underManagement) ORDER BY e.risk_level = 'unclassified' DESC, e.name_fold", [])
        case "est.commitment_share":
            sql = ("SELECT e.name || ' · ' || CASE e.commitment_signed WHEN 1 THEN '✓ ' || COALESCE(e.commitment_date, '') ELSE '✗' END FROM establishment e WHERE \(Coverage.underManagement) ORDER BY e.commitment_signed, e.name_fold", [])
        case "followups.overdue":
            sql = ("""
                SELECT v.follow_up_due || ' · ' || COALESCE(e.name, h.name, '') FROM visit v
                LEFT JOIN establishment e ON e.id = v.establishment_id LEFT JOIN hotspot h ON h.id = v.hotspot_id
                WHERE v.superseded_by IS NULL AND v.follow_up_due < ? AND \(VisitQuery.followUpOpen) ORDER BY v.follow_up_due
                """, [period.end.adding(days: 1)])
        case "tips.verified": sql = ("SELECT verified_date || ' · ' || kind || ' · ' || substr(content, 1, 60) FROM tip WHERE verified_date BETWEEN ? AND ?", range)
        case "hotspots.eliminated", "hotspots.reformed":
            sql = ("SELECT s.date || ' · ' || h.name || ' · ' || s.note FROM hotspot_status s JOIN hotspot h ON h.id = s.hotspot_id WHERE s.status = ? AND s.date BETWEEN ? AND ?",
                   [String(figureId.dropFirst(9)), period.start, period.end])
        case "support.access":
            // Each person counted as needing support, and whether they have used a service (codes only).
            sql = ("""
                SELECT e.code || ' · ' || CASE WHEN e.first_used <= :to THEN '✓' ELSE '✗' END
                FROM (\(SupportFigures.eligibleCases)) e ORDER BY e.code
                """, ["to": period.end])
        case "visits.standing_team", "visits.other_team":
            sql = (visits + " AND \(figureId == "visits.standing_team" ? "" : "NOT ")\(WardStore.byStandingTeam) ORDER BY v.visit_date", range)
        case "training.staff", "training.staff_share":
            sql = ("SELECT date || ' · ' || audience || ' · ' || trainees FROM activity WHERE kind = 'training' AND trainees <> '' AND date BETWEEN ? AND ? ORDER BY date",
                   range)
        case "support.screened":
            sql = ("SELECT s.date || ' · ' || c.code || ' · ' || s.needs FROM screening s JOIN support_case c ON c.id = s.case_id WHERE s.date BETWEEN ? AND ?", range)
        default:
            if figureId.hasPrefix("est.type.") {
                sql = ("SELECT e.name || ' · ' || e.street FROM establishment e JOIN establishment_type t ON t.id = e.type_id WHERE \(Coverage.underManagement) AND t.code = ? ORDER BY e.name_fold",
                       [String(figureId.dropFirst(9))])
            } else if let dim = ["group", "sex", "age"].first(where: { figureId.hasPrefix("support.\($0).") }) {
                let code = String(figureId.dropFirst("support.\(dim).".count))
                let condition = switch dim {
                case "group": TargetGroup(rawValue: code)?.sqlMatch ?? "0"
                case "sex": "c.sex = '\(Sex(rawValue: code)?.rawValue ?? "")'"
                default: "c.age_group = '\(AgeGroup(rawValue: code)?.rawValue ?? "")'"
                }
                sql = ("""
                    SELECT r.reached_on || ' · ' || c.code FROM (\(SupportFigures.newlyReached)) r JOIN support_case c ON c.id = r.id
                    WHERE \(condition) ORDER BY r.reached_on, c.code
                    """, range)
            } else if figureId.hasPrefix("support.service.") {
                sql = ("SELECT r.used_date || ' · ' || c.code FROM referral r JOIN support_case c ON c.id = r.case_id WHERE r.service = ? AND r.used_date BETWEEN ? AND ?",
                       [String(figureId.dropFirst(16)), period.start, period.end])
            } else if figureId.hasPrefix("comm.channel.") {
                sql = ("SELECT date || ' · ' || audience || ' · ' || people FROM activity WHERE kind = 'communication' AND channel = ? AND date BETWEEN ? AND ? ORDER BY date",
                       [String(figureId.dropFirst(13)), period.start, period.end])
            } else if figureId.hasPrefix("comm.audience.") {
                // The sessions that reached this audience, with how many of it ("residents=120").
                let code = String(figureId.dropFirst(14))
                sql = ("""
                    SELECT date || ' · ' || audience || ' · ' || reached FROM activity WHERE kind = 'communication' AND date BETWEEN ? AND ?
                        AND (',' || reached) LIKE ? ORDER BY date
                    """, [period.start, period.end, "%," + code + "=%"])
            } else if figureId.hasPrefix("visits.kind.") {
                sql = (visits + " AND v.kind = ? ORDER BY v.visit_date", [period.start, period.end, String(figureId.dropFirst(12))])
            } else if figureId.hasPrefix("violations.") {
                sql = (violations + " AND x.handling = ? ORDER BY v.visit_date", [period.start, period.end, String(figureId.dropFirst(11))])
            } else {
                sql = nil
            }
        }
        guard let (query, args) = sql else { return [] }
        return try reading { db in try String.fetchAll(db, sql: query + " LIMIT 2000", arguments: args) }
    }

    // MARK: Reports

    static func report(_ row: Row) throws -> Report {
        let narrativeJSON: String = row["narrative"]
        let raw = (try? JSONDecoder().decode([String: String].self, from: Data(narrativeJSON.utf8))) ?? [:]
        var narrative: [NarrativePart: String] = [:]
        for (k, v) in raw { if let p = NarrativePart(rawValue: k) { narrative[p] = v } }
        let figures = (row["figures"] as String?).flatMap { try? JSONDecoder().decode(ReportFigures.self, from: Data($0.utf8)) }
        return Report(id: row["id"], period: ReportPeriod(kind: ReportKind(rawValue: row["kind"]) ?? .custom, start: row["period_start"], end: row["period_end"]),
                      version: row["version"], status: ReportStatus(rawValue: row["status"]) ?? .draft, number: row["number"],
                      narrative: narrative, figures: figures, finalisedAt: row["finalised_at"], finalisedBy: row["finalised_by"], updatedAt: row["updated_at"],
                      sentOn: row["sent_on"], sentTo: ReportRecipient.decode(row["sent_to"]), sentNumber: row["sent_number"])
    }

    /// Every version of a period's report, newest first.
    public func reports(period: ReportPeriod) throws -> [Report] {
        try reading { db in
            try Row.fetchAll(db, sql: "SELECT * FROM report WHERE period_code = ? ORDER BY version DESC", arguments: [period.code]).map(Self.report)
        }
    }

    public func report(id: Int64) throws -> Report? {
        try reading { db in try Row.fetchOne(db, sql: "SELECT * FROM report WHERE id = ?", arguments: [id]).map(Self.report) }
    }

    /// The period's current draft, made if there is none (a later version if the last was finalised).
    public func draftReport(_ period: ReportPeriod, by account: Account) throws -> Report {
        let now = Timestamp.string(clock())
        return try write(as: account, .draftReports) { db, me in
            let actor = Actor(me)
            if let latest = try Row.fetchOne(db, sql: "SELECT * FROM report WHERE period_code = ? ORDER BY version DESC LIMIT 1",
                                             arguments: [period.code]).map(Self.report) {
                if latest.status == .draft { return latest }
                // A correction: the next version starts from the last one's words.
                return try Self.insertReport(db, period: period, version: latest.version + 1, narrative: latest.narrative, number: latest.number,
                                             at: now, by: actor)
            }
            return try Self.insertReport(db, period: period, version: 1, narrative: [:], number: "", at: now, by: actor)
        }
    }

    private static func insertReport(_ db: Database, period: ReportPeriod, version: Int, narrative: [NarrativePart: String], number: String,
                                     at now: String, by actor: Actor) throws -> Report {
        try db.execute(sql: """
            INSERT INTO report (period_code, kind, period_start, period_end, version, status, number, narrative, updated_at)
            VALUES (?, ?, ?, ?, ?, 'draft', ?, ?, ?)
            """, arguments: [period.code, period.kind, period.start, period.end, version, number, try encode(narrative), now])
        let id = db.lastInsertedRowID
        try Audit.write(db, at: Timestamp.parse(now) ?? Date(), actor: actor, action: .create, recordType: "report", recordId: id,
                        after: ["period": period.code, "version": String(version)])
        return try Row.fetchOne(db, sql: "SELECT * FROM report WHERE id = ?", arguments: [id]).map(report)!
    }

    private static func encode(_ narrative: [NarrativePart: String]) throws -> String {
        let plain = Dictionary(uniqueKeysWithValues: narrative.map { ($0.key.rawValue, VietText.nfc($0.value)) })
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        return String(decoding: try enc.encode(plain), as: UTF8.self)
    }

    /// Saves one narrative part of a draft as it is typed: one small write, so nothing typed is
    /// lost if the terminal closes. The audit trail says who edited which part (never the text),
    /// once per sitting rather than once per keystroke.
    public func saveNarrative(reportId: Int64, part: NarrativePart, text: String, by account: Account) throws {
        let now = clock()
        try write(as: account, .draftReports) { db, me in
            guard let r = try Row.fetchOne(db, sql: "SELECT * FROM report WHERE id = ?", arguments: [reportId]).map(Self.report) else { throw WardError.notFound }
            guard r.status == .draft else { throw WardError.reportLocked }
            var narrative = r.narrative
            narrative[part] = text
            try db.execute(sql: "UPDATE report SET narrative = ?, updated_at = ? WHERE id = ?",
                           arguments: [try Self.encode(narrative), Timestamp.string(now), reportId])
            let last = try Self.auditEntries(db, AuditFilter(record: "report#\(reportId)"), offset: 0, limit: 1).first
            let sameSitting = last.map {
                $0.action == .editNarrative && $0.accountId == me.id && $0.after["part"] == part.rawValue
                    && now.timeIntervalSince($0.at) < Self.narrativeSitting
            } ?? false
            if !sameSitting {
                try Audit.write(db, at: now, actor: Actor(me), action: .editNarrative, recordType: "report", recordId: reportId,
                                after: ["part": part.rawValue])
            }
        }
    }

    /// Edits of one part by one person closer together than this are one sitting in the audit trail.
    static let narrativeSitting: TimeInterval = 30 * 60

    /// The document's number and symbol ("15/BC-UBND").
    public func setReportNumber(reportId: Int64, number: String, by account: Account) throws {
        let now = clock()
        try write(as: account, .draftReports) { db, me in
            let current = try String.fetchOne(db, sql: "SELECT number FROM report WHERE id = ? AND status = 'draft'", arguments: [reportId])
            guard let current else { throw WardError.reportLocked }
            let number = VietText.clean(number)
            try db.execute(sql: "UPDATE report SET number = ? WHERE id = ?", arguments: [number, reportId])
            try Audit.writeChange(db, at: now, actor: Actor(me), recordType: "report", recordId: reportId,
                                  before: ["number": current], after: ["number": number])
        }
    }

    /// Locks the draft with its figures as they are now.
    @discardableResult
    public func finaliseReport(reportId: Int64, by account: Account) throws -> Report {
        guard let r = try report(id: reportId) else { throw WardError.notFound }
        guard r.status == .draft else { throw WardError.reportLocked }
        let figures = try reportFigures(r.period)
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys]
        let json = String(decoding: try enc.encode(figures), as: UTF8.self)
        let now = clock()
        try write(as: account, .draftReports) { db, me in
            let actor = Actor(me)
            try db.execute(sql: "UPDATE report SET figures = ?, status = 'final', finalised_at = ?, finalised_by = ?, updated_at = ? WHERE id = ? AND status = 'draft'",
                           arguments: [json, Timestamp.string(now), actor.name, Timestamp.string(now), reportId])
            if db.changesCount == 0 { throw WardError.reportLocked }
            try Audit.write(db, at: now, actor: actor, action: .status, recordType: "report", recordId: reportId,
                            before: ["status": "draft"], after: ["status": "final"])
        }
        guard let done = try report(id: reportId) else { throw WardError.notFound }
        return done
    }

    /// The finalised report has been sent: on which day (not after today, not before it was
    /// finalised), to whom (the ward's recipients unless told otherwise) and under which dispatch
    /// number (the report's own number unless told otherwise). All three are in the audit trail.
    public func markReportSent(reportId: Int64, on day: Formats.Day? = nil, to recipients: [ReportRecipient]? = nil, number: String? = nil,
                               by account: Account) throws {
        let now = clock()
        let today = Formats.Day.today(now)
        let day = day ?? today
        if day > today { throw WardError.futureDate }
        try write(as: account, .draftReports, .exportReports) { db, me in
            let actor = Actor(me)
            guard let r = try Row.fetchOne(db, sql: "SELECT * FROM report WHERE id = ?", arguments: [reportId]).map(Self.report), r.status == .final else {
                throw WardError.reportNotFinal
            }
            if let finalised = r.finalisedAt.flatMap(Timestamp.parse).map({ Formats.Day.today($0) }), day < finalised { throw WardError.statusBeforePrevious }
            let to = ReportRecipient.encode(try recipients ?? Self.reportRegime(db).recipients)
            let number = VietText.clean(number ?? r.number)
            try db.execute(sql: "UPDATE report SET status = 'sent', sent_on = ?, sent_to = ?, sent_number = ?, updated_at = ? WHERE id = ? AND status = 'final'",
                           arguments: [day, to, number, Timestamp.string(now), reportId])
            try Audit.write(db, at: now, actor: actor, action: .status, recordType: "report", recordId: reportId,
                            before: ["status": "final"], after: ["status": "sent", "sent_on": day.vietnamese, "sent_to": to, "sent_number": number])
        }
    }

    /// The figures a report shows: frozen ones once final, fresh ones for a draft (with the
    /// establishment types named in `language`).
    public func figures(of report: Report, language: Language = .vi) throws -> ReportFigures {
        try report.figures ?? reportFigures(report.period, language: language)
    }

    /// The reports the ward owes around today, with their deadline and where each stands: the
    /// last twelve months, the quarters, the first halves and the years of this year and last,
    /// of the kinds its regime owes (the second half is reported with the year).
    public func reportSlots(today: Formats.Day) throws -> [ReportSlot] {
        let regime = try reportRegime()
        var periods: [ReportPeriod] = []
        if regime.owed.contains(.month) {
            var m = Formats.Day(year: today.year, month: today.month, day: 1) ?? today
            for _ in 0..<12 {
                if let p = ReportPeriod.month(m.year, m.month) { periods.append(p) }
                m = m.adding(days: -1).monthRange.lowerBound
            }
        }
        for y in [today.year, today.year - 1] {
            if regime.owed.contains(.quarter) { periods += (1...4).reversed().compactMap { ReportPeriod.quarter(y, $0) }.filter { $0.start <= today } }
            if regime.owed.contains(.half) { periods += [ReportPeriod.half(y, 1)].compactMap { $0 }.filter { $0.start <= today } }
            if regime.owed.contains(.year), let p = ReportPeriod.year(y) { periods.append(p) }
        }
        let soon = today.adding(days: regime.dueSoonDays)
        return try periods.map { p in
            let latest = try reports(period: p).first
            let deadline = p.deadline(regime.deadlines)
            let late = deadline.map { $0 < today } ?? false
            let state: ReportSlot.State
            switch latest?.status {
            case .sent?: state = .sent
            case .final?: state = .final
            case .draft?: state = late ? .overdue : .drafted
            case nil: state = late ? .overdue : p.data(regime.closing).end < today || (deadline.map { $0 <= soon } ?? false) ? .due : .upcoming
            }
            return ReportSlot(period: p, deadline: deadline, report: latest, state: state)
        }
    }

    // MARK: Activities

    /// Logs an activity. Given categories, the head count is their sum. Held at an establishment
    /// with `updateWorkers`, the workers reached there become at least this activity's workers
    /// (and its workers at least as many), as an audited change of the establishment.
    public func addActivity(_ a: Activity, updateWorkers: Bool = false, by account: Account) throws {
        var a = a
        if a.date > Formats.Day.today(clock()) { throw WardError.futureDate }
        if !a.reached.isEmpty { a.people = a.reached.values.reduce(0, +) }
        if a.people < 0 || a.reached.values.contains(where: { $0 < 0 }) || a.trainees.values.contains(where: { $0 < 0 }) {
            throw WardError.invalidSettingValue(String(a.people))
        }
        let now = clock()
        try write(as: account, .draftReports, .logVisits) { db, me in
            let actor = Actor(me)
            try db.execute(sql: """
                INSERT INTO activity (date, kind, audience, people, author_name, channel, reached, trainees, establishment_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [a.date, a.kind, VietText.clean(a.audience), a.people, actor.name, a.channel?.rawValue ?? "",
                                 Activity.encode(a.reached), Activity.encode(trainees: a.trainees), a.establishmentId])
            try Audit.write(db, at: now, actor: actor, action: .create, recordType: "activity", recordId: db.lastInsertedRowID,
                            after: ["date": a.date.vietnamese, "kind": a.kind.rawValue, "people": String(a.people),
                                    "channel": a.channel?.rawValue ?? "", "reached": Activity.encode(a.reached)])
            if updateWorkers, let id = a.establishmentId, let workers = a.reached[.workers], workers > 0,
               let current = try Establishment.fetchOne(db, key: id) {
                var e = current
                e.workersReached = max(e.workersReached, workers)
                e.workers = max(e.workers, e.workersReached, e.workersHealthChecked)
                if e != current { _ = try Self.update(db, current, to: e, at: now, by: actor) }
            }
        }
    }

    /// The people working on the programme in `year` (set by the ward), for "% staff trained".
    public func programmeStaff(year: Int) throws -> Int? {
        try reading { db in try Int.fetchOne(db, sql: "SELECT staff FROM programme_staff WHERE year = ?", arguments: [year]) }
    }

    public func setProgrammeStaff(_ staff: Int, year: Int, by account: Account) throws {
        if staff < 0 { throw WardError.invalidSettingValue(String(staff)) }
        let now = clock()
        try write(as: account, .draftReports, .manageSettings) { db, me in
            let before = try Int.fetchOne(db, sql: "SELECT staff FROM programme_staff WHERE year = ?", arguments: [year])
            try db.execute(sql: "INSERT INTO programme_staff (year, staff) VALUES (?, ?) ON CONFLICT(year) DO UPDATE SET staff = excluded.staff",
                           arguments: [year, staff])
            try Audit.writeChange(db, at: now, actor: Actor(me), recordType: "programme_staff", recordId: Int64(year),
                                  before: ["staff": before.map(String.init) ?? ""], after: ["staff": String(staff)])
        }
    }

    public func activities(in period: ReportPeriod) throws -> [Activity] {
        try reading { db in
            try Row.fetchAll(db, sql: "SELECT * FROM activity WHERE date BETWEEN ? AND ? ORDER BY date, id", arguments: [period.start, period.end]).map {
                var a = Activity(id: $0["id"], date: $0["date"], kind: ActivityKind(rawValue: $0["kind"]) ?? .other, audience: $0["audience"],
                                 people: $0["people"])
                a.channel = ActivityChannel(rawValue: $0["channel"])
                a.reached = Activity.decodeReached($0["reached"])
                a.trainees = Activity.decodeTrainees($0["trainees"])
                a.establishmentId = $0["establishment_id"]
                return a
            }
        }
    }
}
