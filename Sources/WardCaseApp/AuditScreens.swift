import Foundation
import TerminalKit
import WardCaseCore
import WardCaseExport

/// Nhật ký thay đổi: the append-only audit trail, filtered by person, record and dates.
final class AuditScreen: Screen {
    private let ctx: AppContext
    private let source: PagedSource<AuditFilter, AuditEntry>
    private var table = TableController()

    init(ctx: AppContext) {
        self.ctx = ctx
        let store = ctx.store, l = ctx.l, me = ctx.session
        source = PagedSource(
            query: AuditFilter(),
            count: { filter in
                guard let me else { throw WardError.notSignedIn }
                return try store.countAudit(filter, by: me)
            },
            fetch: { filter, window in
                guard let me else { throw WardError.notSignedIn }
                return try store.auditEntries(filter, offset: window.lowerBound, limit: window.count, by: me)
            },
            cells: { e in
                [Timestamp.display(e.at), e.actor, l.t(e.action.label), e.recordType + (e.recordId.map { "#\($0)" } ?? ""), e.changeText(l)]
            },
            describe: ctx.message(for:))
    }

    var actions: [Action] { Actions.audit + Actions.detail.map { a in var a = a; a.keys = [.char("q")]; return a } }

    func dataChanged() { source.invalidate() }

    func render(into buf: inout Buffer, area: Rect) {
        let l = ctx.l
        let (head, rest) = area.takeTop(2)
        buf.put(l.t(.auditTitle) + " · " + l.t(.auditCount, source.rowCount), x: head.x, y: head.y, style: Style(bold: true),
                maxWidth: head.width)
        let f = source.query
        let parts = [f.actor, f.record, f.from?.vietnamese ?? "", f.to.map { "→ " + $0.vietnamese } ?? ""].filter { !$0.isEmpty }
        if !parts.isEmpty {
            buf.put(l.t(.auditFilterLine, parts.joined(separator: " · ")), x: head.x, y: head.y + 1, style: .hint, maxWidth: head.width)
        }
        let view = TableView(columns: [
            TableColumn(l.t(.colTime), minWidth: 16, whole: true),
            TableColumn(l.t(.colActor), minWidth: 10),
            TableColumn(l.t(.colAction), minWidth: 12),
            TableColumn(l.t(.colRecord), minWidth: 12),
            TableColumn(l.t(.colChanges), minWidth: 10, weight: 1),
        ], emptyText: l.t(.listNoMatch))
        table.render(view, into: &buf, area: rest, source: source)
        if let err = source.lastError { buf.put(err, x: area.x, y: area.maxY - 1, style: .error, maxWidth: area.width) }
    }

    func perform(_ action: ActionID) -> ScreenOutcome {
        if table.move(action, count: source.rowCount) { return .none }
        switch action {
        case .back: return .pop
        case .clearFilter:
            source.query = AuditFilter()
            table.select(0, count: source.rowCount)
        case .filterForm:
            return .push(AuditFilterScreen(ctx: ctx, current: source.query) { [weak self] f in
                self?.source.query = f
                self?.table.selected = 0
            })
        case .open:
            guard let e = source.row(at: table.selected) else { return .none }
            return .push(AuditEntryScreen(ctx: ctx, entry: e))
        case .export:
            // The rows the filter shows, every one, as an inspector asks for them.
            let filter = source.query, l = ctx.l, store = ctx.store
            guard let me = ctx.session else { return .none }
            return .push(ExportScreen.list(ctx: ctx, baseName: "nhat-ky", shape: AuditExport.shape(l),
                                           heading: ListHeading.of(store, l.t(.auditTitle), from: filter.from, to: filter.to),
                                           total: { try store.countAudit(filter, by: me) }, each: { try store.eachAuditEntry(filter, by: me, $0) }))
        default: break
        }
        return .none
    }

    func mouse(_ event: MouseEvent) -> ScreenOutcome {
        _ = table.mouse(event, count: source.rowCount)
        return .none
    }
}

/// The audit filter form.
final class AuditFilterScreen: FormScreen {
    private let apply: (AuditFilter) -> Void

    init(ctx: AppContext, current: AuditFilter, apply: @escaping (AuditFilter) -> Void) {
        self.apply = apply
        let l = ctx.l, rules = FieldRules(l: l)
        super.init(ctx: ctx, title: l.t(.auditFilterTitle), intro: "", fields: [
            FormField(id: "actor", label: l.t(.fieldFilterActor), kind: .text(maxLength: 40), value: current.actor),
            FormField(id: "record", label: l.t(.fieldFilterRecord), kind: .text(maxLength: 40), value: current.record),
            FormField(id: "from", label: l.t(.fieldFilterFrom), kind: .date, value: current.from?.vietnamese ?? "", validator: rules.date),
            FormField(id: "to", label: l.t(.fieldFilterTo), kind: .date, value: current.to?.vietnamese ?? "", validator: rules.date),
        ], cancellable: true)
    }

    override var hasUnsavedChanges: Bool { false }

    override func submit() -> ScreenOutcome {
        apply(AuditFilter(actor: form["actor"], record: form["record"],
                          from: Formats.Day(vietnamese: form["from"]), to: Formats.Day(vietnamese: form["to"])))
        return .pop
    }
}

/// One audit row in full: every field before and after.
final class AuditEntryScreen: Screen {
    private let ctx: AppContext
    private let entry: AuditEntry

    init(ctx: AppContext, entry: AuditEntry) { self.ctx = ctx; self.entry = entry }

    var actions: [Action] { Actions.detail }

    func render(into buf: inout Buffer, area: Rect) {
        let l = ctx.l, e = entry
        buf.put(l.t(.auditEntryTitle, e.id), x: area.x, y: area.y, style: Style(bold: true))
        var y = area.y + 2
        for (label, value) in [(l.t(.colTime), Timestamp.display(e.at)), (l.t(.colActor), e.actor),
                               (l.t(.colAction), l.t(e.action.label)),
                               (l.t(.colRecord), e.recordType + (e.recordId.map { "#\($0)" } ?? ""))] {
            buf.put(label, x: area.x, y: y, style: .muted)
            buf.put(value, x: area.x + 18, y: y, maxWidth: area.width - 18)
            y += 1
        }
        y += 1
        let keys = Set(e.before.keys).union(e.after.keys).sorted()
        if !keys.isEmpty {
            buf.put(l.t(.fieldBefore), x: area.x + 18, y: y, style: .header)
            buf.put(l.t(.fieldAfter), x: area.x + 18 + (area.width - 18) / 2, y: y, style: .header)
            y += 1
        }
        let half = (area.width - 18) / 2
        for k in keys where y < area.maxY {
            buf.put(k, x: area.x, y: y, style: .muted, maxWidth: 17)
            buf.put(e.before[k] ?? "—", x: area.x + 18, y: y, maxWidth: half - 1)
            buf.put(e.after[k] ?? "—", x: area.x + 18 + half, y: y, maxWidth: half)
            y += 1
        }
    }

    func perform(_ action: ActionID) -> ScreenOutcome { action == .back ? .pop : .none }
}
