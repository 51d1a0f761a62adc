import Foundation
import TerminalKit
import WardCaseCore
import WardCaseExport

/// One visit record: who, where, what was checked and found, the violations, the deadlines,
/// and its history. The keys offered follow its status: a draft is edited and submitted, a
/// submitted record is approved or returned, an approved one is amended or followed up.
final class VisitDetailScreen: Screen {
    private let ctx: AppContext
    private let id: Int64
    private var record: VisitRecord?
    private var place = ""
    private var address = ""
    private var checklist: [ChecklistItem] = []
    private var history: [AuditEntry] = []
    /// The decision on each violation, in the record's order (nil until recorded).
    private var sanctions: [Sanction?] = []
    private var scroll = 0

    init(ctx: AppContext, id: Int64) {
        self.ctx = ctx
        self.id = id
        reload()
    }

    func dataChanged() { reload() }

    /// Why the record could not be read (a database error is not "not found").
    private var failure: String?

    private func reload() {
        failure = nil
        do {
            record = try ctx.store.visit(id: id)
            checklist = try ctx.store.checklistItems(includeInactive: true)
            history = try ctx.store.history(of: "visit", id: id, limit: 100, by: try ctx.account())
            sanctions = try ctx.store.sanctionLines(visitId: id).map(\.sanction)
            if let v = record?.visit {
                if let e = try v.establishmentId.flatMap({ try ctx.store.establishment(id: $0, language: ctx.l.language) })?.establishment {
                    place = e.name
                    address = [e.street, e.residentialGroup].filter { !$0.isEmpty }.joined(separator: ", ")
                } else if let h = try v.hotspotId.flatMap({ try ctx.store.hotspot(id: $0) }) {
                    place = h.name
                    address = [h.address, h.residentialGroup].filter { !$0.isEmpty }.joined(separator: ", ")
                }
            }
        } catch {
            record = nil
            failure = ctx.message(for: error)
        }
    }

    var actions: [Action] {
        var list = Actions.detail + Actions.scrolling
        guard let v = record?.visit else { return list }
        if v.status.editable {
            list += Actions.visitEditing
        } else if v.status == .submitted {
            list += Actions.visitReview
        } else if v.status == .approved, v.supersededBy == nil {
            list += Actions.visitApproved
        }
        if v.status == .approved, v.establishmentId != nil { list += Actions.visitFollowUp }
        if ctx.can(.approveVisits), v.status != .draft { list.append(Actions.visitNextAwaiting) }
        return list + Actions.visitRecordFile
    }

    private var lines: [(String, String, Style)] {
        guard let r = record else { return [] }
        let l = ctx.l, v = r.visit
        func or(_ s: String) -> String { s.isEmpty ? "—" : s }
        var out: [(String, String, Style)] = [
            (l.t(.fieldPlace), place + (address.isEmpty ? "" : " · " + address), .plain),
            (l.t(.fieldVisitDate), v.date.vietnamese + (v.time.isEmpty ? "" : " " + v.time), .plain),
            (l.t(.fieldVisitKind), l.t(v.kind.label), .plain),
            (l.t(.colStatus), statusText(v), v.status == .returned ? .error : .plain),
        ]
        if !v.returnComment.isEmpty { out.append((l.t(.fieldReturnComment), v.returnComment, .error)) }
        if let a = v.amendsVisitId { out.append(("", l.t(.amendsRecord, a), .hint)) }
        if let s = v.supersededBy { out.append(("", l.t(.supersededByRecord, s), .hint)) }
        if let f = v.followsVisitId { out.append(("", l.t(.followsRecord, f), .hint)) }
        out.append((l.t(.fieldTeam), or(v.team), .plain))
        for (i, m) in r.members.enumerated() { out.append((i == 0 ? l.t(.colMembers) : "", "\(i + 1). \(m.line)", .plain)) }
        if r.members.isEmpty { out.append((l.t(.colMembers), "—", .plain)) }
        out.append(("", "", .plain))
        out.append((l.t(.checklistTitle), "", .header))
        for item in checklist where r.checks[item.id ?? -1] != nil || item.active {
            let result = r.checks[item.id ?? -1] ?? .notChecked
            out.append(("", "\(item.name(l.language)): \(l.t(result.label))", result == .notOk ? .error : .plain))
        }
        out.append((l.t(.fieldFindings), or(v.findings), .plain))
        out.append(("", "", .plain))
        out.append((l.t(.violationsTitle, r.violations.count, Formats.groupedDigits(r.totalFine)), "", .header))
        if r.violations.isEmpty { out.append(("", l.t(.noViolations), .muted)) }
        for (i, x) in r.violations.enumerated() {
            var text = "\(i + 1). \(x.description) · \(l.t(x.handling.label))"
            if x.fine > 0 { text += " " + Formats.groupedDigits(x.fine) + " đ" }
            if !x.legalBasis.isEmpty { text += " · " + x.legalBasis }
            out.append(("", text, .plain))
            // A fine on an approved record: its decision and payment, or that they are missing.
            if v.status == .approved, x.handling == .fine {
                let sanction = sanctions.indices.contains(i) ? sanctions[i] : nil
                out.append(("", "   " + (sanction?.text(l) ?? l.t(.sanctionMissing)), sanction == nil ? .error : .muted))
            }
        }
        out.append((l.t(.fieldRemedyDeadline), v.remedyDeadline?.vietnamese ?? "—", .plain))
        out.append((l.t(.fieldFollowUpDue), v.followUpDue?.vietnamese ?? "—", .plain))
        out.append(("", "", .plain))
        out.append((l.t(.historyTitle), "", .header))
        for h in history {
            out.append((Timestamp.display(h.at), "\(h.actor) · \(l.t(h.action.label))" + (h.action == .create ? "" : ": " + h.changeText(l)), .muted))
        }
        return out
    }

    private func statusText(_ v: Visit) -> String {
        let l = ctx.l
        var s = l.t(v.status.label)
        if !v.authorName.isEmpty { s += " · " + l.t(.writtenBy, v.authorName) }
        if !v.reviewerName.isEmpty, let at = v.reviewedAt.flatMap(Timestamp.parse) {
            s += " · " + l.t(v.status == .returned ? .returnedBy : .reviewedBy, v.reviewerName, Timestamp.display(at))
        }
        return s
    }

    func render(into buf: inout Buffer, area: Rect) {
        let l = ctx.l
        guard record != nil else {
            buf.put(failure ?? l.t(.errNotFound), x: area.x, y: area.y, style: .error, maxWidth: area.width)
            return
        }
        RecordPage.draw(title: l.t(.visitRecordTitle, id, place), lines: lines, into: &buf, area: area, scroll: &scroll, maxLabel: 26)
    }

    func perform(_ action: ActionID) -> ScreenOutcome {
        guard let r = record else { return action == .back ? .pop : .none }
        if RecordPage.scroll(action, &scroll) { return .none }
        let l = ctx.l
        switch action {
        case .back: return .pop
        case .editRecord: return .push(VisitFormScreen(ctx: ctx, editing: r))
        case .addViolation: return .push(ViolationFormScreen(ctx: ctx, record: r))
        case .violations:
            guard !r.violations.isEmpty else { return .status(l.t(.noViolations), .error) }
            return .push(ViolationListScreen(ctx: ctx, visitId: id))
        case .submit:
            // What would stop it is said at once, before asking.
            let problems = VisitRules.submitProblems(r, today: ctx.store.today)
            if !problems.isEmpty { return .status(WardError.invalidVisit(problems).message(l), .error) }
            let fines = r.violations.reduce(Int64(0)) { $0 + $1.fine }
            var summary = l.t(.confirmSubmit, place, r.visit.date.vietnamese, r.violations.count, Formats.groupedDigits(fines))
            // A team without an agency the ward requires (police, by default) is said, not refused.
            let missing = TeamRules.missingAgencies(r.members, required: ctx.read(or: StandingTeam()) { try ctx.store.standingTeam() }.requiredAgencies)
            if !missing.isEmpty { summary += "\n" + l.t(.confirmSubmitMissing, missing.joined(separator: ", ")) }
            return .confirm(Dialog.ask(title: l.t(.actSubmit), message: summary, yes: l.t(.actSubmit), no: l.t(.no))) { [self] in
                run(l.t(.visitSubmitted)) { try ctx.store.submitVisit(id: id, by: $0) }
            }
        case .approve:
            return .confirm(Dialog.ask(title: l.t(.actApprove), message: l.t(.confirmApprove, place, r.visit.date.vietnamese),
                                       yes: l.t(.actApprove), no: l.t(.no))) { [self] in
                run(l.t(.visitApprovedNext)) { try ctx.store.approveVisit(id: id, by: $0) }
            }
        case .nextAwaiting:
            var q = VisitQuery(view: .awaitingApproval, today: ctx.store.today)
            q.reviewerId = ctx.session?.id
            guard let next = ctx.read(or: [], { try ctx.store.visits(q, offset: 0, limit: 2) }).first(where: { $0.visit.id != id }),
                  let nextId = next.visit.id else { return .status(l.t(.noneAwaiting), .success) }
            return ScreenOutcome.pop.then(.push(VisitDetailScreen(ctx: ctx, id: nextId)))
        case .returnRecord: return .push(ReturnVisitScreen(ctx: ctx, id: id))
        case .amend:
            do {
                let amendment = try ctx.store.amendVisit(id: id, by: try ctx.account())
                guard let newId = amendment.visit.id else { return .none }
                return ScreenOutcome.status(l.t(.amendmentStarted, newId), .success)
                    .then(.pop).then(.push(VisitDetailScreen(ctx: ctx, id: newId)))
            } catch {
                return .status(ctx.message(for: error), .error)
            }
        case .followUp:
            guard let eid = r.visit.establishmentId, let e = (ctx.read { try ctx.store.establishment(id: eid)?.establishment }) else { return .none }
            return .push(VisitFormScreen(ctx: ctx, newAt: .establishment(e), followUpOf: r.visit))
        case .sanctions: return .push(SanctionListScreen(ctx: ctx, visitId: id))
        case .exportRecord:
            let store = ctx.store, record = r, place = place, address = address, checklist = checklist, sanctions = sanctions
            return .push(ExportScreen(ctx: ctx, title: l.t(.exportRecordTitle), baseName: "bien-ban-\(id)", formats: [.docx]) { _, _ in
                guard let ward = try store.ward() else { throw WardError.notFound }
                return (try VisitRecordDocument.docx(record, place: place, address: address, ward: ward, checklist: checklist,
                                                     sanctions: sanctions, l: l), nil)
            })
        default: break
        }
        return .none
    }

    /// Runs a life-cycle step as the signed-in person; the status line says how it went.
    private func run(_ done: String, _ step: (Account) throws -> VisitRecord) -> ScreenOutcome {
        do {
            _ = try step(try ctx.account())
            reload()
            return .status(done, .success)
        } catch {
            return .status(ctx.message(for: error), .error)
        }
    }
}

/// Where a new visit takes place.
enum VisitPlace {
    case establishment(Establishment)
    case hotspot(Hotspot)
}

/// Logging a visit (or changing a draft): date and time, kind, team and members, the checklist,
/// findings and deadlines. Violations are added from the record itself, one small form each.
final class VisitFormScreen: FormScreen {
    private let original: VisitRecord?
    private var base: VisitRecord
    private let checklist: [ChecklistItem]

    /// A new visit at a place; `followUpOf` makes it the follow-up of an earlier visit.
    convenience init(ctx: AppContext, newAt place: VisitPlace, followUpOf earlier: Visit? = nil) {
        let today = ctx.store.today
        var v: Visit
        switch place {
        case .establishment(let e): v = Visit(establishmentId: e.id, date: today, kind: earlier == nil ? .unannounced : .followUp)
        case .hotspot(let h): v = Visit(hotspotId: h.id, date: today, kind: .unannounced)
        }
        v.followsVisitId = earlier?.id
        // The team starts as this officer's last one, wherever the visit is begun (a follow-up keeps
        // its visit's team); before their first visit, the ward's last team.
        let last = ctx.read { try ctx.store.lastTeam(authorId: ctx.session?.id) }
        v.team = earlier?.team ?? last?.team ?? (ctx.read { try ctx.store.recentTeams().first } ?? ctx.l.t(.defaultTeam))
        // Before an officer's first visit: the standing team's members serving today.
        let members = last?.members ?? ctx.read(or: []) { try ctx.store.roster() }.filter { $0.serves(on: today) }.map(\.visitMember)
        let name: String
        switch place {
        case .establishment(let e): name = e.name
        case .hotspot(let h): name = h.name
        }
        self.init(ctx: ctx, record: VisitRecord(visit: v, members: members), original: nil, placeName: name)
    }

    convenience init(ctx: AppContext, editing: VisitRecord) {
        let establishment = ctx.read { try editing.visit.establishmentId.flatMap { try ctx.store.establishment(id: $0)?.establishment.name } }
        let hotspot = ctx.read { try editing.visit.hotspotId.flatMap { try ctx.store.hotspot(id: $0)?.name } }
        self.init(ctx: ctx, record: editing, original: editing, placeName: establishment ?? hotspot ?? "")
    }

    private init(ctx: AppContext, record: VisitRecord, original: VisitRecord?, placeName: String) {
        self.original = original
        base = record
        checklist = ctx.read(or: []) { try ctx.store.checklistItems() }
        let l = ctx.l
        super.init(ctx: ctx, title: l.t(original == nil ? .newVisitTitle : .editVisitTitle, placeName), intro: l.t(.visitFormIntro),
                   fields: Self.fields(record, checklist: checklist, l: l), cancellable: true)
    }

    override var actions: [Action] { super.actions + [Actions.rosterMembers] }

    override func perform(_ action: ActionID) -> ScreenOutcome {
        guard action == .rosterMembers else { return super.perform(action) }
        // The standing team's members serving on the visit's day join the lines already there.
        let day = Formats.Day(vietnamese: form[VisitField.date.rawValue]) ?? ctx.store.today
        let serving = ctx.read(or: []) { try ctx.store.roster() }.filter { $0.serves(on: day) }
        guard !serving.isEmpty else { return .status(ctx.l.t(.rosterNoneServing), .error) }
        guard let i = form.fields.firstIndex(where: { $0.id == VisitField.members.rawValue }) else { return .none }
        var members = TeamMember.parse(lines: form.fields[i].value)
        for m in serving.map(\.visitMember) where !members.contains(where: { VietText.fold($0.name) == VietText.fold(m.name) }) {
            members.append(m)
        }
        form.fill(VisitField.members.rawValue, with: members.map(\.line).joined(separator: "\n"))
        form.focus = i
        return .none
    }

    private static func fields(_ r: VisitRecord, checklist: [ChecklistItem], l: Localizer) -> [FormField] {
        let rules = FieldRules(l: l), v = r.visit
        var fields = [
            FormField(id: VisitField.date.rawValue, label: l.t(.fieldVisitDate), kind: .date, required: true, value: v.date.vietnamese,
                      validator: rules.date),
            FormField(id: VisitField.time.rawValue, label: l.t(.fieldVisitTime), kind: .text(maxLength: 5), value: v.time, validator: rules.time),
            FormField(id: VisitField.kind.rawValue, label: l.t(.fieldVisitKind), kind: .choice(VisitKind.allCases.map { l.t($0.label) }),
                      value: l.t(v.kind.label)),
            FormField(id: VisitField.team.rawValue, label: l.t(.fieldTeam), kind: .text(maxLength: 120), value: v.team),
            FormField(id: VisitField.members.rawValue, label: l.t(.fieldMembers), kind: .multiline(maxLength: 1000, rows: 4),
                      value: r.members.map(\.line).joined(separator: "\n")),
        ]
        let results = CheckResult.allCases.map { l.t($0.label) }
        for item in checklist {
            fields.append(FormField(id: "check-\(item.id ?? 0)", label: item.name(l.language), kind: .choice(results),
                                    value: l.t((r.checks[item.id ?? -1] ?? .notChecked).label)))
        }
        fields += [
            FormField(id: VisitField.findings.rawValue, label: l.t(.fieldFindings), kind: .multiline(maxLength: VisitRules.maxText, rows: 4),
                      value: v.findings),
            FormField(id: VisitField.remedyDeadline.rawValue, label: l.t(.fieldRemedyDeadline), kind: .date,
                      value: v.remedyDeadline?.vietnamese ?? "", validator: rules.date),
            FormField(id: VisitField.followUpDue.rawValue, label: l.t(.fieldFollowUpDue), kind: .date,
                      value: v.followUpDue?.vietnamese ?? "", validator: rules.date),
        ]
        return fields
    }

    private var record: VisitRecord {
        let l = ctx.l
        var r = base
        func v(_ f: VisitField) -> String { form[f.rawValue] }
        r.visit.date = Formats.Day(vietnamese: v(.date)) ?? r.visit.date
        r.visit.time = v(.time)
        r.visit.kind = VisitKind.allCases.first { l.t($0.label) == v(.kind) } ?? r.visit.kind
        r.visit.team = v(.team)
        r.members = TeamMember.parse(lines: v(.members))
        var checks: [Int64: CheckResult] = [:]
        for item in checklist {
            guard let id = item.id, let result = CheckResult.allCases.first(where: { l.t($0.label) == form["check-\(id)"] }),
                  result != .notChecked else { continue }
            checks[id] = result
        }
        // Results of lines the ward has since turned off are kept as they were.
        for (id, result) in base.checks where !checklist.contains(where: { $0.id == id }) { checks[id] = result }
        r.checks = checks
        r.visit.findings = v(.findings)
        r.visit.remedyDeadline = Formats.Day(vietnamese: v(.remedyDeadline))
        r.visit.followUpDue = Formats.Day(vietnamese: v(.followUpDue))
        return r
    }

    override func submit() -> ScreenOutcome {
        do {
            let saved = try ctx.store.saveVisit(record, original: original, by: try ctx.account())
            form.markSaved()
            let done = ScreenOutcome.status(ctx.l.t(.visitSaved), .success).then(.pop)
            // A new visit opens on its record, where violations are added and it is submitted.
            if original == nil, let id = saved.visit.id { return done.then(.push(VisitDetailScreen(ctx: ctx, id: id))) }
            return done
        } catch let WardError.invalidVisit(problems) {
            for p in problems.reversed() { form.setError(ctx.l.t(p.message), field: p.field.rawValue) }
            return .status(ctx.l.t(.fixErrors, problems.count), .error)
        } catch let WardError.conflict(conflict) {
            return .status(WardError.conflict(conflict).message(ctx.l), .error)
        } catch {
            return .status(ctx.message(for: error), .error)
        }
    }
}

/// `v` on a visit: one violation, its legal basis, how it was handled and the fine.
final class ViolationFormScreen: FormScreen {
    private let record: VisitRecord
    /// The line being corrected; nil adds a new one.
    private let line: Int?

    init(ctx: AppContext, record: VisitRecord, line: Int? = nil) {
        self.record = record
        self.line = line
        let l = ctx.l
        let v = line.flatMap { record.violations.indices.contains($0) ? record.violations[$0] : nil }
        super.init(ctx: ctx, title: l.t(v == nil ? .newViolationTitle : .editViolationTitle), intro: v == nil ? l.t(.newViolationIntro) : "", fields: [
            FormField(id: VisitField.violationDescription.rawValue, label: l.t(.fieldViolation), kind: .multiline(maxLength: 1000, rows: 3),
                      required: true, value: v?.description ?? ""),
            FormField(id: "legalBasis", label: l.t(.fieldLegalBasis), kind: .text(maxLength: 300), value: v?.legalBasis ?? ""),
            FormField(id: VisitField.violationHandling.rawValue, label: l.t(.fieldHandling), kind: .choice(Handling.allCases.map { l.t($0.label) }),
                      value: v.map { l.t($0.handling.label) } ?? ""),
            FormField(id: VisitField.violationFine.rawValue, label: l.t(.fieldFine), kind: .money, value: v.map { $0.fine > 0 ? Formats.groupedDigits($0.fine) : "" } ?? "",
                      validator: FieldRules(l: l).money),
        ], cancellable: true)
    }

    override func submit() -> ScreenOutcome {
        let l = ctx.l
        let violation = Violation(description: form[VisitField.violationDescription.rawValue], legalBasis: form["legalBasis"],
                                  handling: Handling.allCases.first { l.t($0.label) == form[VisitField.violationHandling.rawValue] } ?? .reminder,
                                  fine: Formats.parseMoney(form[VisitField.violationFine.rawValue]) ?? 0)
        var changed = record
        if let line, changed.violations.indices.contains(line) { changed.violations[line] = violation } else { changed.violations.append(violation) }
        do {
            try ctx.store.saveVisit(changed, original: record, by: try ctx.account())
            form.markSaved()
            return ScreenOutcome.status(l.t(line == nil ? .violationAdded : .visitSaved), .success).then(.pop)
        } catch let WardError.invalidVisit(problems) {
            for p in problems.reversed() { form.setError(l.t(p.message), field: p.field.rawValue) }
            return .status(l.t(.fixErrors, problems.count), .error)
        } catch {
            return .status(ctx.message(for: error), .error)
        }
    }
}

/// A draft's violations, one a line: Enter corrects one, d removes it (after asking).
/// `d` on an approved record: its fined violations and the decision on each; Enter records one.
final class SanctionListScreen: TableScreen {
    private let visitId: Int64
    private var lines: [SanctionLine] = []

    init(ctx: AppContext, visitId: Int64) {
        self.visitId = visitId
        super.init(ctx: ctx)
        reload()
    }

    override func reload() {
        let l = ctx.l
        lines = load { try ctx.store.sanctionLines(visitId: visitId) }.filter { $0.violation.handling == .fine }
        source.rows = lines.map { x in
            [x.violation.description, Formats.groupedDigits(x.violation.fine), x.sanction?.text(l) ?? l.t(.sanctionMissing)]
        }
    }

    override var title: String { ctx.l.t(.actSanctions) }
    override var emptyText: String { ctx.l.t(.noFinedViolations) }
    override var columns: [TableColumn] {
        let l = ctx.l
        return [TableColumn(l.t(.fieldViolation), minWidth: 16, weight: 2), TableColumn(l.t(.fieldFine), minWidth: 10, alignRight: true),
                TableColumn(l.t(.fieldDecisionNo), minWidth: 20, weight: 3)]
    }
    override var ownActions: [Action] { Actions.sanctionLines }

    override func perform(own action: ActionID) -> ScreenOutcome {
        guard action == .open, lines.indices.contains(table.selected) else { return .none }
        return .push(SanctionFormScreen(ctx: ctx, line: lines[table.selected]))
    }
}

/// The decision imposing one violation's fine, and its payment.
final class SanctionFormScreen: FormScreen {
    private let line: SanctionLine

    init(ctx: AppContext, line: SanctionLine) {
        self.line = line
        let l = ctx.l, rules = FieldRules(l: l), s = line.sanction
        super.init(ctx: ctx, title: l.t(.sanctionTitle, line.violation.description), intro: "", fields: [
            FormField(id: "no", label: l.t(.fieldDecisionNo), kind: .text(maxLength: 60), required: true, value: s?.decisionNo ?? ""),
            FormField(id: "date", label: l.t(.fieldDecisionDate), kind: .date, required: true,
                      value: (s?.decisionDate ?? ctx.store.today).vietnamese, validator: rules.date),
            FormField(id: "signer", label: l.t(.fieldDecisionSigner), kind: .text(maxLength: 120), value: s?.signer ?? ""),
            FormField(id: "paid", label: l.t(.fieldPaidDate), kind: .date, value: s?.paidDate?.vietnamese ?? "", validator: rules.date),
        ], cancellable: true)
    }

    override func submit() -> ScreenOutcome {
        guard let day = Formats.Day(vietnamese: form["date"]) else { return .none }
        let s = Sanction(decisionNo: form["no"], decisionDate: day, signer: form["signer"], paidDate: Formats.Day(vietnamese: form["paid"]))
        return save(done: ctx.l.t(.sanctionSaved)) {
            try ctx.store.saveSanction(s, violationId: line.violationId, original: line.sanction, by: try ctx.account())
        }
    }
}

final class ViolationListScreen: TableScreen {
    private let visitId: Int64
    private var record: VisitRecord?

    init(ctx: AppContext, visitId: Int64) {
        self.visitId = visitId
        super.init(ctx: ctx)
        reload()
    }

    override func reload() {
        let l = ctx.l
        record = load { try ctx.store.visit(id: visitId).map { [$0] } ?? [] }.first
        source.rows = (record?.violations ?? []).map { v in
            [v.description, l.t(v.handling.label), v.fine > 0 ? Formats.groupedDigits(v.fine) : ""]
        }
    }

    override var title: String { ctx.l.t(.violationListTitle) }
    override var emptyText: String { ctx.l.t(.noViolations) }
    override var columns: [TableColumn] {
        let l = ctx.l
        return [TableColumn(l.t(.fieldViolation), minWidth: 20, weight: 3), TableColumn(l.t(.fieldHandling), minWidth: 12, weight: 1),
                TableColumn(l.t(.fieldFine), minWidth: 10, alignRight: true)]
    }
    override var ownActions: [Action] { Actions.violationLines }

    override func perform(own action: ActionID) -> ScreenOutcome {
        guard let r = record, r.violations.indices.contains(table.selected) else { return .none }
        let l = ctx.l, line = table.selected
        switch action {
        case .open: return .push(ViolationFormScreen(ctx: ctx, record: r, line: line))
        case .removeViolation:
            return .confirm(Dialog.confirm(title: l.t(.actRemoveViolation), message: l.t(.confirmRemoveViolation, r.violations[line].description),
                                           yes: l.t(.actRemoveViolation), no: l.t(.no))) { [ctx] in
                var changed = r
                changed.violations.remove(at: line)
                do {
                    try ctx.store.saveVisit(changed, original: r, by: try ctx.account())
                    return .status(l.t(.visitSaved), .success)
                } catch {
                    return .status(ctx.message(for: error), .error)
                }
            }
        default: return .none
        }
    }
}

/// `t` on a submitted visit: the team leader says what to fix.
final class ReturnVisitScreen: FormScreen {
    private let id: Int64

    init(ctx: AppContext, id: Int64) {
        self.id = id
        let l = ctx.l
        super.init(ctx: ctx, title: l.t(.returnVisitTitle), intro: "", fields: [
            FormField(id: VisitField.returnComment.rawValue, label: l.t(.fieldReturnComment), kind: .multiline(maxLength: 1000, rows: 4),
                      required: true),
        ], cancellable: true)
    }

    override func submit() -> ScreenOutcome {
        return save(done: ctx.l.t(.visitReturned) + " " + ctx.l.t(.hintNextAwaiting)) {
            try ctx.store.returnVisit(id: id, comment: form[VisitField.returnComment.rawValue], by: try ctx.account())
        }
    }
}

/// Choose an establishment by typing part of its name or address (accents optional).
final class EstablishmentPickerScreen: ListScreen<EstablishmentQuery, EstablishmentRow> {
    private let pick: (EstablishmentRow) -> ScreenOutcome

    init(ctx: AppContext, pick: @escaping (EstablishmentRow) -> ScreenOutcome) {
        self.pick = pick
        let store = ctx.store, l = ctx.l
        let source = PagedSource<EstablishmentQuery, EstablishmentRow>(
            query: EstablishmentQuery(language: l.language),
            count: { try store.countEstablishments($0) },
            fetch: { try store.establishments($0, offset: $1.lowerBound, limit: $1.count) },
            cells: { r in [r.establishment.name, r.typeName, r.establishment.street, r.lastInspection?.vietnamese ?? l.t(.notInspected)] },
            describe: ctx.message(for:))
        super.init(ctx: ctx, source: source, filter: \.filter)
        _ = perform(.filter)
    }

    override var columns: [TableColumn] {
        let l = ctx.l
        return [TableColumn(l.t(.colName), minWidth: 18, weight: 3), TableColumn(l.t(.colType), minWidth: 10, weight: 1),
                TableColumn(l.t(.colAddress), minWidth: 12, weight: 2), TableColumn(l.t(.colLastInspection), minWidth: 11, whole: true)]
    }

    override func headerLines() -> [(String, Style)] { [(ctx.l.t(.pickEstablishment), Style(bold: true))] }

    override var actions: [Action] {
        // Typing filters straight away; Enter picks the highlighted one.
        Actions.picker
    }

    override var capturesText: Bool { true }

    override func perform(_ action: ActionID) -> ScreenOutcome {
        switch action {
        case .cancel: return .pop
        case .pick, .open:   // Enter, or a second click on the row
            guard let row = selectedRow else { return .none }
            return ScreenOutcome.pop.then(pick(row))
        default: return super.perform(action)
        }
    }
}
