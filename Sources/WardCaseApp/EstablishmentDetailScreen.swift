import TerminalKit
import WardCaseCore

/// Everything about one establishment: its record, its inspection visits and its changes.
final class EstablishmentDetailScreen: Screen {
    private let ctx: AppContext
    private var row: EstablishmentRow
    private var history: [AuditEntry] = []
    private var visits: [VisitRow] = []
    private var scroll = 0

    init(ctx: AppContext, row: EstablishmentRow) {
        self.ctx = ctx
        self.row = row
        reload()
    }

    var actions: [Action] {
        Actions.detail + [
            Action(.editRecord, [.char("e")], label: .actEditRecord, help: .helpEditEstablishment, footer: true,
                   permission: .registerEstablishments),
            Action(.logVisitHere, [.char("l")], label: .actNewVisit, help: .helpLogVisitAtEstablishment, footer: true, permission: .logVisits),
            Action(.down, [.down, .char("j")], label: .actDown, help: .helpDown),
            Action(.up, [.up, .char("k")], label: .actUp, help: .helpUp),
        ]
    }

    func dataChanged() { reload() }

    private func reload() {
        guard let id = row.establishment.id else { return }
        if let fresh = try? ctx.store.establishment(id: id, language: ctx.l.language) { row = fresh }
        history = (try? ctx.store.history(ofEstablishment: id)) ?? []
        var q = VisitQuery(today: ctx.store.today)
        q.establishmentId = id
        visits = (try? ctx.store.visits(q, offset: 0, limit: 20)) ?? []
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
            (l.t(.colRisk), l.t(e.riskLevel.label) + (e.riskReason.isEmpty ? "" : ": " + e.riskReason), .plain),
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
            out.append((Timestamp.display(h.at), "\(h.actor) · \(l.t(h.action.label))" + (h.action == .create ? "" : ": " + h.changeSummary), .plain))
        }
        return out
    }

    func render(into buf: inout Buffer, area: Rect) {
        let e = row.establishment
        buf.put(e.name, x: area.x, y: area.y, style: Style(bold: true), maxWidth: area.width)
        let all = lines
        let labelWidth = min(28, (all.map { TextWidth.of($0.0) }.max() ?? 0) + 2)
        var wrapped: [(String, String, Style)] = []
        for (label, value, style) in all {
            let parts = TextWidth.wrap(value, width: area.width - labelWidth)
            for (i, part) in (parts.isEmpty ? [""] : parts).enumerated() { wrapped.append((i == 0 ? label : "", part, style)) }
        }
        let room = area.height - 2
        scroll = min(scroll, max(0, wrapped.count - room))
        for (i, line) in wrapped.dropFirst(scroll).prefix(room).enumerated() {
            let y = area.y + 2 + i
            buf.put(line.0, x: area.x, y: y, style: line.2 == .header ? .header : .muted, maxWidth: labelWidth - 1)
            buf.put(line.1, x: area.x + labelWidth, y: y, style: line.2 == .header ? .plain : line.2, maxWidth: area.width - labelWidth)
        }
    }

    func perform(_ action: ActionID) -> ScreenOutcome {
        switch action {
        case .back: return .pop
        case .editRecord: return .push(EstablishmentFormScreen(ctx: ctx, editing: row.establishment))
        case .logVisitHere: return .push(VisitFormScreen(ctx: ctx, newAt: .establishment(row.establishment)))
        case .down: scroll += 1
        case .up: scroll = max(0, scroll - 1)
        default: break
        }
        return .none
    }
}
