import Foundation
import GRDB

/// Inspection visits and their life cycle, plans, the checklist, tip-offs and hotspots.
extension WardStore {
    // MARK: Checklist

    public func checklistItems(includeInactive: Bool = false) throws -> [ChecklistItem] {
        try reading { db in
            var request = ChecklistItem.order(Column("sort_order"), Column("id"))
            if !includeInactive { request = request.filter(Column("active") == true) }
            return try request.fetchAll(db)
        }
    }

    /// Adds a checklist line, or renames / turns off the one with the same code. Lines are never
    /// deleted: old visits keep their results.
    @discardableResult
    public func saveChecklistItem(code: String, nameVi: String, nameEn: String, active: Bool = true, by account: Account) throws -> ChecklistItem {
        guard let c = Self.code(code) else { throw WardError.invalidChecklistCode }
        let vi = VietText.clean(nameVi)
        if vi.isEmpty { throw WardError.required(field: .fieldChecklistItem) }
        let now = clock()
        return try write(as: account, .manageSettings, .planInspections) { db, me in
            let actor = Actor(me)
            let old = try ChecklistItem.filter(Column("code") == c).fetchOne(db)
            let next = (try Int.fetchOne(db, sql: "SELECT MAX(sort_order) FROM checklist_item") ?? 0) + 1
            var item = old ?? ChecklistItem(id: nil, code: c, nameVi: vi, nameEn: "", sortOrder: next, active: true)
            item.nameVi = vi
            item.nameEn = VietText.clean(nameEn)
            item.active = active
            try item.save(db)
            if item.id == nil { item.id = db.lastInsertedRowID }
            let fields: (ChecklistItem) -> [String: String] = { ["code": $0.code, "name_vi": $0.nameVi, "name_en": $0.nameEn, "active": $0.active ? "1" : "0"] }
            if let old {
                try Audit.writeChange(db, at: now, actor: actor, recordType: "checklist_item", recordId: item.id, before: fields(old), after: fields(item))
            } else {
                try Audit.write(db, at: now, actor: actor, action: .create, recordType: "checklist_item", recordId: item.id, after: fields(item))
            }
            return item
        }
    }

    // MARK: Visits

    public func visit(id: Int64) throws -> VisitRecord? {
        try reading { db in try Self.visitRecord(db, id: id) }
    }

    static func visitRecord(_ db: Database, id: Int64) throws -> VisitRecord? {
        guard let v = try Visit.fetchOne(db, key: id) else { return nil }
        let members = try Row.fetchAll(db, sql: "SELECT name, agency FROM visit_member WHERE visit_id = ? ORDER BY id", arguments: [id])
            .map { TeamMember(name: $0["name"], agency: $0["agency"]) }
        var checks: [Int64: CheckResult] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT item_id, result FROM visit_check WHERE visit_id = ?", arguments: [id]) {
            checks[row["item_id"]] = CheckResult(rawValue: row["result"])
        }
        let violations = try Row.fetchAll(db, sql: "SELECT * FROM violation WHERE visit_id = ? ORDER BY id", arguments: [id]).map {
            Violation(description: $0["description"], legalBasis: $0["legal_basis"],
                      handling: Handling(rawValue: $0["handling"]) ?? .reminder, fine: $0["fine"])
        }
        var record = VisitRecord(visit: v, members: members, checks: checks, violations: violations)
        record.recordNumber = try Row.fetchOne(db, sql: "SELECT year, number FROM visit_record_number WHERE visit_id = ?", arguments: [id])
            .map { RecordNumber(year: $0["year"], number: $0["number"]) }
        return record
    }

    /// The violations of a visit with the sanction decision of each (nil until recorded).
    public func sanctionLines(visitId: Int64) throws -> [SanctionLine] {
        try reading { db in try Self.sanctionLines(db, visitId: visitId) }
    }

    static func sanctionLines(_ db: Database, visitId: Int64) throws -> [SanctionLine] {
        try Row.fetchAll(db, sql: """
            SELECT v.*, s.decision_no, s.decision_date, s.signer, s.paid_date, s.version AS sanction_version
            FROM violation v LEFT JOIN sanction s ON s.violation_id = v.id WHERE v.visit_id = ? ORDER BY v.id
            """, arguments: [visitId]).map { row in
            let violation = Violation(description: row["description"], legalBasis: row["legal_basis"],
                                      handling: Handling(rawValue: row["handling"]) ?? .reminder, fine: row["fine"])
            return SanctionLine(violationId: row["id"], violation: violation, sanction: sanction(row))
        }
    }

    /// The sanction in a row joined from `sanction` (nil when the violation has none yet).
    private static func sanction(_ row: Row) -> Sanction? {
        guard let no: String = row["decision_no"], let day: Formats.Day = row["decision_date"] else { return nil }
        var s = Sanction(decisionNo: no, decisionDate: day, signer: row["signer"], paidDate: row["paid_date"])
        s.version = row["sanction_version"]
        return s
    }

    /// Records (or corrects) the decision imposing a fine on a violation of an approved record,
    /// and its payment. Only a violation handled by a fine has one; the decision is dated between
    /// the visit and today, a payment between the decision and today. `original` is the decision
    /// as the form opened it: someone else's change meanwhile is a conflict, not an overwrite.
    public func saveSanction(_ sanction: Sanction, violationId: Int64, original: Sanction?, by account: Account) throws {
        var s = sanction
        s.decisionNo = VietText.clean(s.decisionNo)
        s.signer = VietText.clean(s.signer)
        let today = Formats.Day.today(clock())
        if s.decisionNo.isEmpty { throw WardError.required(field: .fieldDecisionNo) }
        if s.decisionDate > today || (s.paidDate.map { $0 > today } ?? false) { throw WardError.futureDate }
        if let paid = s.paidDate, paid < s.decisionDate { throw WardError.sanctionInvalid(.errPaidBeforeDecision) }
        let now = clock()
        try write(as: account, .logVisits, .approveVisits) { db, me in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT x.handling, v.status, v.visit_date, s.decision_no, s.decision_date, s.signer, s.paid_date, s.version AS sanction_version
                FROM violation x JOIN visit v ON v.id = x.visit_id LEFT JOIN sanction s ON s.violation_id = x.id WHERE x.id = ?
                """, arguments: [violationId]) else { throw WardError.notFound }
            guard (row["handling"] as String) == Handling.fine.rawValue, (row["status"] as String) == VisitStatus.approved.rawValue else {
                throw WardError.sanctionNotAllowed
            }
            if s.decisionDate < (row["visit_date"] as Formats.Day) { throw WardError.sanctionInvalid(.errDecisionBeforeVisit) }
            let current = Self.sanction(row)
            if current?.version != original?.version {
                throw WardError.conflict(Conflict.between(original?.auditFields ?? [:], current?.auditFields ?? [:]))
            }
            try db.execute(sql: """
                INSERT INTO sanction (violation_id, decision_no, decision_date, signer, paid_date, version) VALUES (?, ?, ?, ?, ?, 1)
                ON CONFLICT(violation_id) DO UPDATE SET decision_no = excluded.decision_no, decision_date = excluded.decision_date,
                    signer = excluded.signer, paid_date = excluded.paid_date, version = sanction.version + 1
                """, arguments: [violationId, s.decisionNo, s.decisionDate, s.signer, s.paidDate])
            if let current {
                try Audit.writeChange(db, at: now, actor: Actor(me), recordType: "sanction", recordId: violationId,
                                      before: current.auditFields, after: s.auditFields)
            } else {
                try Audit.write(db, at: now, actor: Actor(me), action: .create, recordType: "sanction", recordId: violationId, after: s.auditFields)
            }
        }
    }

    /// Saves a new visit or changes to one opened as `original`. A planned visit whose day has
    /// come becomes a draft when an officer fills it in. Submitted and approved records cannot be
    /// changed here; someone else's save meanwhile is a conflict, not an overwrite.
    @discardableResult
    public func saveVisit(_ record: VisitRecord, original: VisitRecord?, by account: Account) throws -> VisitRecord {
        let today = Formats.Day.today(clock())
        let planning = record.visit.status == .planned
        var r = record
        r.visit.team = VietText.clean(r.visit.team)
        r.visit.findings = VietText.clean(r.visit.findings, multiline: true)
        r.visit.time = r.visit.time.trimmingCharacters(in: .whitespaces)
        r.violations = r.violations.map {
            Violation(description: VietText.clean($0.description), legalBasis: VietText.clean($0.legalBasis), handling: $0.handling, fine: $0.fine)
        }
        let problems = VisitRules.problems(r, today: today)
        if !problems.isEmpty { throw WardError.invalidVisit(problems) }
        let now = clock()
        return try write(as: account, .logVisits, .planInspections) { db, account in
            // Planners may only plan; logging what was done is an officer's or a team leader's.
            if !planning, !account.can(.logVisits) { throw WardError.permissionDenied(.logVisits) }
            if let original, original.visit.status == .planned, r.visit.status == .planned, r.visit.date <= today, account.can(.logVisits),
               original.visit.date != r.visit.date || !r.members.isEmpty || !r.visit.findings.isEmpty || !r.checks.isEmpty {
                r.visit.status = .draft
                let problems = VisitRules.problems(r, today: today)
                if !problems.isEmpty { throw WardError.invalidVisit(problems) }
            }
            if let original {
                guard let id = original.visit.id, let current = try Self.visitRecord(db, id: id) else { throw WardError.notFound }
                guard current.visit.status.editable else { throw WardError.visitLocked(current.visit.status) }
                if current.visit.version != original.visit.version {
                    throw WardError.conflict(Conflict.between(original.auditFields, current.auditFields))
                }
                r.visit.id = id
                r.visit.version = current.visit.version + 1
                // Whoever fills in a planned visit writes the record (the planner then reviews it).
                if current.visit.status == .planned, r.visit.status == .draft {
                    r.visit.authorId = account.id
                    r.visit.authorName = account.login
                }
                try r.visit.update(db)
                try Self.replaceChildren(db, r)
                try Audit.writeChange(db, at: now, actor: Actor(account), action: current.visit.status != r.visit.status ? .status : .update,
                                      recordType: "visit", recordId: id, before: current.auditFields, after: r.auditFields)
            } else {
                r.visit.id = nil
                r.visit.version = 1
                r.visit.authorId = account.id
                r.visit.authorName = account.login
                if r.visit.kind == .followUp, r.visit.followsVisitId == nil, let place = r.visit.establishmentId {
                    r.visit.followsVisitId = try Self.openFollowUp(db, establishmentId: place)
                }
                try r.visit.insert(db)
                try Self.replaceChildren(db, r)
                try Audit.write(db, at: now, actor: Actor(account), action: .create, recordType: "visit", recordId: r.visit.id, after: r.auditFields)
            }
            return r
        }
    }

    /// The latest carried-out visit of an establishment still waiting for its follow-up.
    static func openFollowUp(_ db: Database, establishmentId: Int64) throws -> Int64? {
        try Int64.fetchOne(db, sql: """
            SELECT v.id FROM visit v WHERE v.establishment_id = ? AND v.superseded_by IS NULL
            AND (v.follow_up_due IS NOT NULL OR v.remedy_deadline IS NOT NULL) AND \(VisitQuery.followUpOpen)
            ORDER BY v.visit_date DESC, v.id DESC LIMIT 1
            """, arguments: [establishmentId])
    }

    static func replaceChildren(_ db: Database, _ r: VisitRecord) throws {
        guard let id = r.visit.id else { return }
        try db.execute(sql: "DELETE FROM visit_member WHERE visit_id = ?", arguments: [id])
        try db.execute(sql: "DELETE FROM visit_check WHERE visit_id = ?", arguments: [id])
        try db.execute(sql: "DELETE FROM violation WHERE visit_id = ?", arguments: [id])
        for m in r.members {
            try db.execute(sql: "INSERT INTO visit_member (visit_id, name, agency) VALUES (?, ?, ?)",
                           arguments: [id, VietText.nfc(m.name), VietText.nfc(m.agency)])
        }
        for (item, result) in r.checks.sorted(by: { $0.key < $1.key }) {
            try db.execute(sql: "INSERT INTO visit_check (visit_id, item_id, result) VALUES (?, ?, ?)", arguments: [id, item, result])
        }
        for v in r.violations {
            try db.execute(sql: "INSERT INTO violation (visit_id, description, legal_basis, handling, fine) VALUES (?, ?, ?, ?, ?)",
                           arguments: [id, VietText.nfc(v.description), VietText.nfc(v.legalBasis), v.handling, v.fine])
        }
    }

    /// Sends a done visit to the team leader.
    @discardableResult
    public func submitVisit(id: Int64, by account: Account) throws -> VisitRecord {
        let today = Formats.Day.today(clock())
        return try changeStatus(id: id, by: account, .logVisits) { r, _ in
            guard r.visit.status == .draft || r.visit.status == .returned else { throw WardError.visitLocked(r.visit.status) }
            let problems = VisitRules.submitProblems(r, today: today)
            if !problems.isEmpty { throw WardError.invalidVisit(problems) }
            r.visit.status = .submitted
            r.visit.submittedAt = Timestamp.string(self.clock())
        }
    }

    /// The team leader approves a submitted visit; from then on it is locked. Approving an
    /// amendment marks the record it corrects as replaced.
    @discardableResult
    public func approveVisit(id: Int64, by account: Account) throws -> VisitRecord {
        let approved = try changeStatus(id: id, by: account, .approveVisits) { r, account in
            if let refusal = VisitRules.reviewRefusal(r.visit, by: account) { throw refusal }
            r.visit.status = .approved
            r.visit.reviewerName = account.login
            r.visit.reviewedAt = Timestamp.string(self.clock())
            r.visit.returnComment = ""
        } after: { db, r in
            if let old = r.visit.amendsVisitId {
                try db.execute(sql: "UPDATE visit SET superseded_by = ? WHERE id = ?", arguments: [r.visit.id, old])
            }
            // The next number of the year the record is approved in.
            let year = self.today.year
            try db.execute(sql: """
                INSERT INTO visit_record_number (visit_id, year, number)
                SELECT ?, ?, COALESCE(MAX(number), 0) + 1 FROM visit_record_number WHERE year = ?
                """, arguments: [r.visit.id, year, year])
        }
        return try reading { db in try Self.visitRecord(db, id: id) } ?? approved
    }

    /// The team leader sends a visit back to its author with a comment saying what to fix.
    @discardableResult
    public func returnVisit(id: Int64, comment: String, by account: Account) throws -> VisitRecord {
        let text = VietText.clean(comment, multiline: true)
        if text.isEmpty { throw WardError.invalidVisit([VisitProblem(.returnComment, .errReturnComment)]) }
        return try changeStatus(id: id, by: account, .approveVisits) { r, account in
            if let refusal = VisitRules.reviewRefusal(r.visit, by: account) { throw refusal }
            r.visit.status = .returned
            r.visit.reviewerName = account.login
            r.visit.reviewedAt = Timestamp.string(self.clock())
            r.visit.returnComment = text
        }
    }

    /// Starts a correction of an approved visit: a new draft that copies it and points back to it.
    /// The original stays as it was until the amendment is approved.
    @discardableResult
    public func amendVisit(id: Int64, by account: Account) throws -> VisitRecord {
        let now = clock()
        return try write(as: account, .logVisits) { db, account in
            guard let original = try Self.visitRecord(db, id: id) else { throw WardError.notFound }
            guard original.visit.status == .approved, original.visit.supersededBy == nil else { throw WardError.onlyApprovedAmended }
            if let open = try Int64.fetchOne(db, sql: "SELECT id FROM visit WHERE amends_visit_id = ? AND status <> 'approved'", arguments: [id]) {
                throw WardError.amendmentOpen(open)
            }
            var copy = original
            copy.visit.id = nil
            copy.visit.status = .draft
            copy.visit.amendsVisitId = id
            copy.visit.authorId = account.id
            copy.visit.authorName = account.login
            copy.visit.submittedAt = nil
            copy.visit.reviewerName = ""
            copy.visit.reviewedAt = nil
            copy.visit.returnComment = ""
            copy.visit.version = 1
            try copy.visit.insert(db)
            try Self.replaceChildren(db, copy)
            try Audit.write(db, at: now, actor: Actor(account), action: .create, recordType: "visit", recordId: copy.visit.id,
                            after: copy.auditFields.merging(["amends": String(id)]) { a, _ in a })
            return copy
        }
    }

    /// A planned visit that will not happen is taken off the plan (a done visit is never deleted).
    public func cancelPlannedVisit(id: Int64, by account: Account) throws {
        let now = clock()
        try write(as: account, .planInspections) { db, account in
            guard let r = try Self.visitRecord(db, id: id) else { throw WardError.notFound }
            guard r.visit.status == .planned else { throw WardError.visitLocked(r.visit.status) }
            for table in ["visit_member", "visit_check", "violation"] {
                try db.execute(sql: "DELETE FROM \(table) WHERE visit_id = ?", arguments: [id])
            }
            try db.execute(sql: "DELETE FROM visit WHERE id = ?", arguments: [id])
            try Audit.write(db, at: now, actor: Actor(account), action: .archive, recordType: "visit", recordId: id, before: r.auditFields)
        }
    }

    private func changeStatus(id: Int64, by account: Account, _ permission: Permission, what: String = #function,
                              _ change: @escaping (inout VisitRecord, Account) throws -> Void,
                              after: ((Database, VisitRecord) throws -> Void)? = nil) throws -> VisitRecord {
        let now = clock()
        return try write(as: account, permission, what: what) { db, account in
            guard let current = try Self.visitRecord(db, id: id) else { throw WardError.notFound }
            var r = current
            try change(&r, account)
            r.visit.version = current.visit.version + 1
            try r.visit.update(db)
            try after?(db, r)
            try Audit.writeChange(db, at: now, actor: Actor(account), action: .status, recordType: "visit", recordId: id,
                                  before: current.auditFields, after: r.auditFields)
            return r
        }
    }

    public func countVisits(_ query: VisitQuery) throws -> Int {
        try reading { db in try query.count(db) }
    }

    public func visits(_ query: VisitQuery, offset: Int, limit: Int) throws -> [VisitRow] {
        try reading { db in try query.rows(db, offset: offset, limit: limit) }
    }

    /// Every visit of the list in its order, handed to `body` one at a time as it is read (exports).
    public func eachVisit(_ query: VisitQuery, _ body: (VisitRow) throws -> Void) throws {
        try reading { db in try query.each(db, body) }
    }

    /// Distinct team names used before, most recent first: the form offers them.
    public func recentTeams() throws -> [String] {
        try reading { db in
            try String.fetchAll(db, sql: "SELECT team FROM visit WHERE team <> '' GROUP BY team ORDER BY MAX(id) DESC LIMIT 10")
        }
    }

    /// The team of the last visit this account logged, with its members: most visits are by the same
    /// team, so a new visit starts from it wherever it is begun. Nil before the account's first visit.
    public func lastTeam(authorId: Int64?) throws -> (team: String, members: [TeamMember])? {
        try reading { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM visit WHERE author_id IS ? ORDER BY id DESC LIMIT 1",
                                              arguments: [authorId]),
                  let record = try Self.visitRecord(db, id: id) else { return nil }
            return (record.visit.team, record.members)
        }
    }

    // MARK: Coverage

    /// Establishments inspected this year against those under management, overall and per residential group.
    public func coverage(year: Int) throws -> Coverage {
        try reading { db in
            let target = try Self.setting(db, .coverageTarget)
            // Each establishment looked up in table order (the look-ups then walk the index
            // forwards: twice as fast as in group order), then grouped.
            let rows = try Row.fetchAll(db, sql: """
                SELECT grp, COUNT(*) AS managed, SUM(inspected) AS inspected FROM (
                    SELECT e.residential_group AS grp, EXISTS (SELECT 1 FROM visit v INDEXED BY visit_approved_place
                        WHERE v.establishment_id = e.id AND \(VisitQuery.inspected) AND v.visit_date BETWEEN ? AND ?) AS inspected
                    FROM establishment e WHERE \(Coverage.underManagement) ORDER BY e.id)
                GROUP BY grp
                """, arguments: ["\(year)-01-01", "\(year)-12-31"])
            let groups = rows.map { Coverage.Group(name: $0["grp"], managed: $0["managed"], inspected: $0["inspected"]) }
            return Coverage(year: year, targetPercent: target, groups: groups)
        }
    }

    // MARK: Plans

    /// Establishments worth a visit in a plan, best reasons first.
    public func planCandidates(today: Formats.Day, language: Language, limit: Int = 500) throws -> [PlanCandidate] {
        try reading { db in
            let year = today.year
            let sql = """
                SELECT e.id,
                    NOT EXISTS (SELECT 1 FROM visit v WHERE v.establishment_id = e.id AND \(VisitQuery.inspected)
                                AND v.visit_date BETWEEN '\(year)-01-01' AND '\(year)-12-31') AS not_inspected,
                    e.risk_level = 'high' AS high_risk,
                    EXISTS (SELECT 1 FROM visit v WHERE v.establishment_id = e.id AND v.superseded_by IS NULL
                            AND (v.follow_up_due IS NOT NULL OR v.remedy_deadline IS NOT NULL) AND \(VisitQuery.followUpOpen)) AS follow_up,
                    EXISTS (SELECT 1 FROM tip t WHERE t.establishment_id = e.id AND t.handled_date IS NULL) AS tip
                FROM establishment e WHERE \(Coverage.underManagement)
                AND NOT EXISTS (SELECT 1 FROM visit p WHERE p.establishment_id = e.id AND p.status = 'planned')
                """
            var found: [(Int64, [PlanReason])] = []
            for row in try Row.fetchAll(db, sql: sql) {
                var reasons: [PlanReason] = []
                if row["not_inspected"] as Bool { reasons.append(.notInspectedThisYear) }
                if row["high_risk"] as Bool { reasons.append(.highRisk) }
                if row["follow_up"] as Bool { reasons.append(.followUpDue) }
                if row["tip"] as Bool { reasons.append(.tipReceived) }
                if !reasons.isEmpty { found.append((row["id"], reasons)) }
            }
            // Follow-ups and tips are the most urgent, then high risk, then not yet inspected.
            func weight(_ r: [PlanReason]) -> Int {
                r.reduce(0) { $0 + ($1 == .followUpDue ? 8 : $1 == .tipReceived ? 4 : $1 == .highRisk ? 2 : 1) }
            }
            found.sort { weight($0.1) > weight($1.1) }
            return try found.prefix(limit).compactMap { id, reasons in
                try EstablishmentQuery(language: language, includeArchived: true)
                    .rows(db, extra: "e.id = ?", arguments: [id], offset: 0, limit: 1).first
                    .map { PlanCandidate(row: $0, reasons: reasons) }
            }
        }
    }

    /// Creates a plan and one planned visit per establishment, spread over the period's working days.
    @discardableResult
    public func createPlan(_ plan: InspectionPlan, establishments: [Int64], team: String, by account: Account) throws -> InspectionPlan {
        var p = plan
        p.title = VietText.clean(p.title)
        if p.title.isEmpty { throw WardError.required(field: .fieldPlanTitle) }
        if p.periodEnd < p.periodStart { throw WardError.periodReversed }
        if establishments.isEmpty { throw WardError.planEmpty }
        let now = clock()
        p.authorName = account.login
        p.createdAt = Timestamp.string(now)
        let days = InspectionPlan.workingDays(from: p.periodStart, to: p.periodEnd)
        return try write(as: account, .planInspections) { db, account in
            try p.insert(db)
            for (i, id) in establishments.enumerated() {
                var v = Visit(establishmentId: id, date: days[i * days.count / establishments.count], kind: .planned, status: .planned)
                v.planId = p.id
                v.team = VietText.clean(team)
                v.authorId = account.id
                v.authorName = account.login
                try v.insert(db)
            }
            try Audit.write(db, at: now, actor: Actor(account), action: .create, recordType: "inspection_plan", recordId: p.id,
                            after: ["title": p.title, "period": "\(p.periodStart.vietnamese)-\(p.periodEnd.vietnamese)",
                                    "visits": String(establishments.count)])
            return p
        }
    }

    public func plans() throws -> [PlanRow] {
        try reading { db in
            try Row.fetchAll(db, sql: """
                SELECT p.*, COUNT(v.id) AS total, SUM(v.status <> 'planned') AS done
                FROM inspection_plan p LEFT JOIN visit v ON v.plan_id = p.id
                GROUP BY p.id ORDER BY p.period_start DESC, p.id DESC
                """).map { PlanRow(plan: try InspectionPlan(row: $0), visits: $0["total"], done: $0["done"] ?? 0) }
        }
    }

    // MARK: Tip-offs

    public func tip(id: Int64) throws -> TipOff? {
        try reading { db in try TipOff.fetchOne(db, key: id) }
    }

    /// A new tip with its step deadlines from the ward's settings.
    public func newTip(received: Formats.Day, kind: TipKind = .information, channel: TipChannel = .hotline) throws -> TipOff {
        TipOff(received: received, kind: kind, channel: channel, content: "", deadlines: try tipDeadlines())
    }

    @discardableResult
    public func saveTip(_ tip: TipOff, original: TipOff?, by account: Account) throws -> TipOff {
        var t = tip
        t.content = VietText.clean(t.content, multiline: true)
        t.reporter = VietText.clean(t.reporter)
        t.place = VietText.clean(t.place)
        t.verifyResult = VietText.clean(t.verifyResult, multiline: true)
        t.handleResult = VietText.clean(t.handleResult, multiline: true)
        let problems = TipRules.problems(t, today: .today(clock()))
        if !problems.isEmpty { throw WardError.invalidTip(problems) }
        // The informant is sealed once the tip has its id; the plain text is never written.
        let informant = t.reporter
        t.reporter = ""
        if t.anonymous { t.reporterSealed = nil }
        let now = clock()
        return try write(as: account, .logTipOffs) { db, account in
            let informantKey = try Self.informantPublicKey(db)
            if !informant.isEmpty, informantKey == nil { throw WardError.informantNeedsWardKey }
            func seal(_ id: Int64?) throws {
                guard !informant.isEmpty, let informantKey else { return }
                t.reporterSealed = try PublicSeal.seal(Data(informant.utf8), to: informantKey, label: Self.informantLabel(id))
            }
            if let original {
                guard let id = original.id, let current = try TipOff.fetchOne(db, key: id) else { throw WardError.notFound }
                if current.version != original.version { throw WardError.conflict(Conflict.between(original.auditFields, current.auditFields)) }
                // Deadlines follow the received date, by the ward's current settings.
                if current.receivedDate != t.receivedDate {
                    (t.verifyDue, t.classifyDue, t.handleDue) = try Self.tipDeadlines(db).dueDates(receivedOn: t.receivedDate)
                }
                t.id = id
                t.version = current.version + 1
                try seal(id)
                try t.update(db)
                try Audit.writeChange(db, at: now, actor: Actor(account), action: current.step != t.step ? .status : .update,
                                      recordType: "tip", recordId: id, before: current.auditFields, after: t.auditFields)
            } else {
                t.id = nil
                t.version = 1
                t.authorName = account.login
                try t.insert(db)
                if !informant.isEmpty {
                    try seal(t.id)
                    try t.update(db)
                }
                try Audit.write(db, at: now, actor: Actor(account), action: .create, recordType: "tip", recordId: t.id, after: t.auditFields)
            }
            return t
        }
    }

    public func countTips(_ query: TipQuery) throws -> Int {
        try reading { db in try query.count(db) }
    }

    public func tips(_ query: TipQuery, offset: Int, limit: Int) throws -> [TipRow] {
        try reading { db in try query.rows(db, offset: offset, limit: limit) }
    }

    /// Every tip-off of the list in its order, handed to `body` one at a time as it is read (exports).
    public func eachTip(_ query: TipQuery, _ body: (TipRow) throws -> Void) throws {
        try reading { db in try query.each(db, body) }
    }

    // MARK: Hotspots

    public func hotspot(id: Int64) throws -> Hotspot? {
        try reading { db in try Hotspot.fetchOne(db, key: id) }
    }

    /// Saves a hotspot; a change of status is also written to its status history.
    @discardableResult
    public func saveHotspot(_ hotspot: Hotspot, original: Hotspot?, note: String = "", by account: Account) throws -> Hotspot {
        var h = hotspot
        h.name = VietText.clean(h.name)
        h.address = VietText.clean(h.address)
        h.residentialGroup = VietText.clean(h.residentialGroup)
        h.description = VietText.clean(h.description, multiline: true)
        let today = Formats.Day.today(clock())
        if h.name.isEmpty { throw WardError.required(field: .fieldHotspotName) }
        if h.foundDate > today || h.statusDate > today { throw WardError.futureDate }
        if h.statusDate < h.foundDate { throw WardError.statusBeforeFound }
        let now = clock()
        return try write(as: account, .logVisits, .logTipOffs) { db, account in
            var statusChanged = true
            let current = try original.flatMap { $0.id }.flatMap { try Hotspot.fetchOne(db, key: $0) }
            h.residentialGroup = try ResidentialGroup.listed(db, h.residentialGroup, keeping: current?.residentialGroup)
            if let original {
                guard original.id != nil, let current else { throw WardError.notFound }
                let id = current.id
                if current.version != original.version { throw WardError.conflict(Conflict.between(original.auditFields, current.auditFields)) }
                statusChanged = current.status != h.status || current.statusDate != h.statusDate
                h.id = id
                h.version = current.version + 1
                try h.update(db)
                try Audit.writeChange(db, at: now, actor: Actor(account), action: statusChanged ? .status : .update,
                                      recordType: "hotspot", recordId: id, before: current.auditFields, after: h.auditFields)
            } else {
                h.id = nil
                h.version = 1
                try h.insert(db)
                try Audit.write(db, at: now, actor: Actor(account), action: .create, recordType: "hotspot", recordId: h.id, after: h.auditFields)
            }
            if statusChanged {
                try db.execute(sql: "INSERT INTO hotspot_status (hotspot_id, status, date, note, actor) VALUES (?, ?, ?, ?, ?)",
                               arguments: [h.id, h.status, h.statusDate, VietText.clean(note), account.login])
            }
            return h
        }
    }

    public func hotspotHistory(id: Int64) throws -> [HotspotStatusChange] {
        try reading { db in
            try Row.fetchAll(db, sql: "SELECT * FROM hotspot_status WHERE hotspot_id = ? ORDER BY date, id", arguments: [id]).map {
                HotspotStatusChange(status: HotspotStatus(rawValue: $0["status"]) ?? .active, date: $0["date"], note: $0["note"], actor: $0["actor"])
            }
        }
    }

    public func hotspots(_ query: HotspotQuery) throws -> [HotspotRow] {
        try reading { db in try query.rows(db) }
    }
}

extension InspectionPlan {
    /// Monday to Friday within the period; the whole period if it has none.
    public static func workingDays(from start: Formats.Day, to end: Formats.Day) -> [Formats.Day] {
        var days: [Formats.Day] = []
        var d = start
        while d <= end {
            if d.weekday < 5 { days.append(d) }
            d = d.adding(days: 1)
        }
        return days.isEmpty ? [start] : days
    }
}

/// One establishment the plan helper suggests, and why.
public struct PlanCandidate: Equatable, Sendable {
    public var row: EstablishmentRow
    public var reasons: [PlanReason]
}

public struct PlanRow: Equatable, Sendable {
    public var plan: InspectionPlan
    public var visits: Int
    public var done: Int
}
