import TerminalKit
import WardCaseCore

/// Everything about one establishment: its record, its inspection visits and its changes.
final class EstablishmentDetailScreen: Screen {
    private let ctx: AppContext
    private var row: EstablishmentRow
    private var history: [AuditEntry] = []
    private var visits: [VisitRow] = []
    /// Its risk was set back to "chưa phân loại" by the upgrade that added that level.
    private var unclassifiedAtUpgrade = false
    private var scroll = 0

    init(ctx: AppContext, row: EstablishmentRow) {
        self.ctx = ctx
        self.row = row
        reload()
    }

    var actions: [Action] {
        Actions.detail + Actions.scrolling + [
            Action(.editRecord, [.char("e")], label: .actEditRecord, help: .helpEditEstablishment, footer: true,
                   permission: .registerEstablishments),
            Action(.logVisitHere, [.char("l")], label: .actNewVisit, help: .helpLogVisitAtEstablishment, footer: true, permission: .logVisits),
            Action(.activityHere, [.char("a")], label: .actActivityHere, help: .helpActivityHere, permission: .logVisits),
        ]
    }

    func dataChanged() { reload() }

    private func reload() {
        guard let id = row.establishment.id else { return }
        if let fresh = (ctx.read { try ctx.store.establishment(id: id, language: ctx.l.language) }) { row = fresh }
        history = ctx.read(or: []) { try ctx.store.history(of: "establishment", id: id, by: ctx.account()) }
        unclassifiedAtUpgrade = row.establishment.riskLevel == .unclassified
            && ctx.read(or: false) { try ctx.store.riskUnclassifiedAtUpgrade(establishmentId: id) }
        var q = VisitQuery(today: ctx.store.today)
        q.establishmentId = id
        visits = ctx.read(or: []) { try ctx.store.visits(q, offset: 0, limit: 20) }
    }

    private var lines: [(String, String, Style)] {
        let l = ctx.l, e = row.establishment
        func yes(_ b: Bool) -> String { b ? l.t(.yes) : l.t(.no) }
        func day(_ d: Formats.Day?) -> String { d?.vietnamese ?? "—" }
        func or(_ s: String) -> String { s.isEmpty ? "—" : s }
        var out: [(String, String, Style)] = [
            (l.t(.colType), row.typeName, .plain), (l.t(.colAddress), or(e.street), .plain), (l.t(.colGroup), or(e.residentialGroup), .plain),
            (l.t(.fieldOwner), or(e.ownerName), .plain), (l.t(.fieldPhone), or(e.ownerPhone), .plain),
            (l.t(.fieldBusinessRegNo), or(e.businessRegNo), .plain), (l.t(.fieldLicence), or(e.licenceNo), .plain),
            (l.t(.fieldLicenceIssued), day(e.licenceIssued), .plain), (l.t(.fieldLicenceExpires), day(e.licenceExpires), .plain),
            (l.t(.fieldSecurityCertificate), yes(e.securityCertificate), .plain),
            (l.t(.fieldWorkers), String(e.workers), .plain), (l.t(.fieldWorkersHealthChecked), String(e.workersHealthChecked), .plain),
            (l.t(.fieldWorkersReached), String(e.workersReached), .plain),
            (l.t(.fieldCommitmentSigned), yes(e.commitmentSigned) + (e.commitmentDate.map { " (\($0.vietnamese))" } ?? ""), .plain),
            (l.t(.colRisk), l.t(e.riskLevel.label) + (e.riskReason.isEmpty ? "" : ": " + e.riskReason)
                + (unclassifiedAtUpgrade ? " " + l.t(.riskUnclassifiedAtUpgrade) : ""), .plain),
            (l.t(.colStatus), l.t(e.status.label) + (e.statusDate.map { " (\($0.vietnamese))" } ?? ""), .plain),
            (l.t(.fieldNotes), or(e.notes), .plain),
            ("", "", .plain), (l.t(.visitsTitle), "", .header),
        ]
        if visits.isEmpty { out.append(("", l.t(.visitsNone), .muted)) }
        for v in visits {
            var text = "\(l.t(v.visit.kind.label)) · \(l.t(v.visit.status.label))"
            if v.violations > 0 { text += " · " + l.t(.violationsShort, v.violations) }
            if let d = v.deadline { text += " · " + l.t(.colDeadline) + " " + alertDate(d, overdue: v.overdue) }
            out.append((v.visit.date.vietnamese, text, v.overdue ? .error : .plain))
        }
        out += [("", "", .plain), (l.t(.historyTitle), "", .header)]
        for h in history {
            out.append((Timestamp.display(h.at), "\(h.actor) · \(l.t(h.action.label))" + (h.action == .create ? "" : ": " + h.changeText(l)), .plain))
        }
        return out
    }

    func render(into buf: inout Buffer, area: Rect) {
        RecordPage.draw(title: row.establishment.name, lines: lines, into: &buf, area: area, scroll: &scroll, maxLabel: 28)
    }

    func perform(_ action: ActionID) -> ScreenOutcome {
        if RecordPage.scroll(action, &scroll) { return .none }
        switch action {
        case .back: return .pop
        case .editRecord: return .push(EstablishmentFormScreen(ctx: ctx, editing: row.establishment))
        case .logVisitHere: return .push(VisitFormScreen(ctx: ctx, newAt: .establishment(row.establishment)))
        case .activityHere: return .push(ActivityFormScreen(ctx: ctx, at: row.establishment))
        default: break
        }
        return .none
    }
}
