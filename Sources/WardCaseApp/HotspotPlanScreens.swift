import Foundation
import TerminalKit
import WardCaseCore
import WardCaseExport

/// Điểm, tụ điểm phức tạp: re-formed ones first, then active, then eliminated.
final class HotspotListScreen: ListScreen<HotspotQuery, HotspotRow> {
    init(ctx: AppContext) {
        let store = ctx.store, l = ctx.l
        let source = PagedSource<HotspotQuery, HotspotRow>(
            query: HotspotQuery(),
            count: { try store.hotspots($0).count },
            fetch: { q, range in Array(try store.hotspots(q).dropFirst(range.lowerBound).prefix(range.count)) },
            cells: { r in
                let h = r.hotspot
                return [h.name, h.residentialGroup, h.foundDate.vietnamese, l.t(h.status.label), h.statusDate.vietnamese,
                        String(r.visits), r.lastVisit?.vietnamese ?? ""]
            },
            alert: { $0.hotspot.status == .reformed },
            describe: ctx.message(for:))
        super.init(ctx: ctx, source: source, filter: \.filter)
    }

    override var columns: [TableColumn] {
        let l = ctx.l
        return [
            TableColumn(l.t(.fieldHotspotName), minWidth: 18, weight: 3), TableColumn(l.t(.colGroupShort), minWidth: 7),
            TableColumn(l.t(.fieldFoundDate), minWidth: 10, whole: true), TableColumn(l.t(.colStatus), minWidth: 14),
            TableColumn(l.t(.fieldStatusDate), minWidth: 10, whole: true), TableColumn(l.t(.colVisits), minWidth: 6, alignRight: true),
            TableColumn(l.t(.colLastVisit), minWidth: 10, whole: true),
        ]
    }

    override func headerLines() -> [(String, Style)] {
        let l = ctx.l
        let counts = HotspotStatus.allCases.map { s -> String in
            var q = HotspotQuery(status: s)
            q.filter = source.query.filter
            return "\(l.t(s.label)) \(source.count(of: q))"
        }
        return [(l.t(.hotspotsTitle) + " · " + counts.joined(separator: " · "), Style(bold: true))]
    }

    override var ownActions: [Action] { Actions.detail + Actions.hotspots }

    override func perform(own action: ActionID) -> ScreenOutcome {
        switch action {
        case .back: return .pop
        case .newRecord: return .push(HotspotFormScreen(ctx: ctx, editing: nil))
        case .logVisitHere:
            guard let row = selectedRow else { return .none }
            return .push(VisitFormScreen(ctx: ctx, newAt: .hotspot(row.hotspot)))
        case .export:
            let query = source.query, l = ctx.l, store = ctx.store
            return .push(ExportScreen.list(ctx: ctx, baseName: "tu-diem", shape: HotspotExport.shape(l), heading: ListHeading.of(store, l.t(.sheetHotspots)),
                                           total: { 0 }, each: { body in try store.hotspots(query).forEach(body) }))
        default: break
        }
        return .none
    }

    override func open(_ row: HotspotRow) -> ScreenOutcome { .push(HotspotFormScreen(ctx: ctx, editing: row.hotspot)) }
}

/// A hotspot and its current status; a change of status is kept in its history with a note.
final class HotspotFormScreen: FormScreen {
    private let original: Hotspot?

    init(ctx: AppContext, editing: Hotspot?) {
        original = editing
        let l = ctx.l, rules = FieldRules(l: l)
        let h = editing ?? Hotspot(name: "", foundDate: ctx.store.today)
        var intro = ""
        if let id = editing?.id, let history = (ctx.read { try ctx.store.hotspotHistory(id: id) }) {
            intro = history.map { "\($0.date.vietnamese) \(l.t($0.status.label))" + ($0.note.isEmpty ? "" : " (\($0.note))") }
                .joined(separator: " → ")
        }
        super.init(ctx: ctx, title: editing.map { l.t(.editHotspotTitle, $0.name) } ?? l.t(.newHotspotTitle), intro: intro, fields: [
            FormField(id: "name", label: l.t(.fieldHotspotName), kind: .text(maxLength: 200), required: true, value: h.name),
            FormField(id: "address", label: l.t(.colAddress), kind: .text(maxLength: 200), value: h.address),
            residentialGroupField(ctx, id: "group", value: h.residentialGroup),
            FormField(id: "description", label: l.t(.fieldDescription), kind: .multiline(maxLength: 2000, rows: 3), value: h.description),
            FormField(id: "found", label: l.t(.fieldFoundDate), kind: .date, required: true, value: h.foundDate.vietnamese, validator: rules.date),
            FormField(id: "status", label: l.t(.colStatus), kind: .choice(HotspotStatus.allCases.map { l.t($0.label) }), value: l.t(h.status.label)),
            FormField(id: "statusDate", label: l.t(.fieldStatusDate), kind: .date, required: true, value: h.statusDate.vietnamese,
                      validator: rules.date),
            FormField(id: "note", label: l.t(.fieldStatusNote), kind: .text(maxLength: 300)),
        ], cancellable: true)
    }

    override func submit() -> ScreenOutcome {
        let l = ctx.l
        var h = original ?? Hotspot(name: "", foundDate: ctx.store.today)
        h.name = form["name"]
        h.address = form["address"]
        h.residentialGroup = residentialGroup(form["group"])
        h.description = form["description"]
        h.foundDate = Formats.Day(vietnamese: form["found"]) ?? h.foundDate
        h.status = HotspotStatus.allCases.first { l.t($0.label) == form["status"] } ?? h.status
        h.statusDate = Formats.Day(vietnamese: form["statusDate"]) ?? h.statusDate
        if original == nil, h.status == .active { h.statusDate = h.foundDate }
        return save(done: l.t(.hotspotSaved, h.name)) {
            try ctx.store.saveHotspot(h, original: original, note: form["note"], by: try ctx.account())
        }
    }
}

/// Kế hoạch kiểm tra: the leader's plans, with how many of their visits are done.
final class PlanListScreen: TableScreen {
    private var plans: [PlanRow] = []

    override init(ctx: AppContext) {
        super.init(ctx: ctx)
        reload()
    }

    override func reload() {
        plans = load { try ctx.store.plans() }
        source.rows = plans.map { p in
            [p.plan.title, "\(p.plan.periodStart.vietnamese) – \(p.plan.periodEnd.vietnamese)", "\(p.done)/\(p.visits)", p.plan.authorName]
        }
    }

    override var title: String { ctx.l.t(.plansTitle) }
    override var emptyText: String { ctx.l.t(.plansEmpty) }
    override var columns: [TableColumn] {
        let l = ctx.l
        return [TableColumn(l.t(.fieldPlanTitle), minWidth: 20, weight: 3), TableColumn(l.t(.colPeriod), minWidth: 23),
                TableColumn(l.t(.colDone), minWidth: 8, alignRight: true), TableColumn(l.t(.colAuthor), minWidth: 8)]
    }
    override var ownActions: [Action] { [Action(.open, [.enter], label: .actOpen, help: .helpOpenPlan, footer: true)] + Actions.plans }

    override func perform(own action: ActionID) -> ScreenOutcome {
        switch action {
        case .newRecord: return .push(PlanFormScreen(ctx: ctx))
        case .open:
            guard plans.indices.contains(table.selected) else { return .none }
            let p = plans[table.selected].plan
            var q = VisitQuery(today: ctx.store.today)
            q.planId = p.id
            q.includeSuperseded = true
            return .push(VisitListScreen(ctx: ctx, query: q, title: p.title))
        default: return .none
        }
    }
}

/// A new plan: its title, period and team; then the establishments to visit.
final class PlanFormScreen: FormScreen {
    init(ctx: AppContext) {
        let l = ctx.l, rules = FieldRules(l: l)
        // Plans are usually made for next month.
        let next = ctx.store.today.monthRange.upperBound.adding(days: 1).monthRange
        super.init(ctx: ctx, title: l.t(.newPlanTitle), intro: l.t(.newPlanIntro), fields: [
            FormField(id: "title", label: l.t(.fieldPlanTitle), kind: .text(maxLength: 200), required: true,
                      value: l.t(.defaultPlanTitle, String(format: "%02d/%04d", next.lowerBound.month, next.lowerBound.year))),
            FormField(id: "from", label: l.t(.fieldPeriodStart), kind: .date, required: true, value: next.lowerBound.vietnamese, validator: rules.date),
            FormField(id: "to", label: l.t(.fieldPeriodEnd), kind: .date, required: true, value: next.upperBound.vietnamese, validator: rules.date),
            FormField(id: "team", label: l.t(.fieldTeam), kind: .text(maxLength: 120),
                      value: ctx.read { try ctx.store.recentTeams().first } ?? l.t(.defaultTeam)),
        ], cancellable: true)
    }

    override var hasUnsavedChanges: Bool { false }

    override func submit() -> ScreenOutcome {
        guard let from = Formats.Day(vietnamese: form["from"]), let to = Formats.Day(vietnamese: form["to"]) else { return .none }
        if to < from {
            form.setError(WardError.periodReversed.message(ctx.l), field: "to")
            return .none
        }
        let plan = InspectionPlan(title: form["title"], periodStart: from, periodEnd: to)
        return ScreenOutcome.pop.then(.push(PlanPickerScreen(ctx: ctx, plan: plan, team: form["team"])))
    }
}

/// The plan helper: establishments worth a visit and why; space marks, Ctrl-S makes the plan.
final class PlanPickerScreen: Screen {
    private let ctx: AppContext
    private let plan: InspectionPlan
    private let team: String
    private var candidates: [PlanCandidate] = []
    private var marked = Set<Int64>()
    private var table = TableController()
    private let source = ArrayTableSource()

    init(ctx: AppContext, plan: InspectionPlan, team: String) {
        self.ctx = ctx
        self.plan = plan
        self.team = team
        candidates = ctx.read(or: []) { try ctx.store.planCandidates(today: ctx.store.today, language: ctx.l.language) }
        refreshRows()
    }

    var hasUnsavedChanges: Bool { !marked.isEmpty }

    private func refreshRows() {
        let l = ctx.l
        source.rows = candidates.map { c in
            let e = c.row.establishment
            return [marked.contains(e.id ?? -1) ? "[x]" : "[ ]", e.name, VietText.shortGroup(e.residentialGroup), l.t(e.riskLevel.label),
                    c.row.lastInspection?.vietnamese ?? l.t(.notInspected), c.reasons.map { l.t($0.label) }.joined(separator: ", ")]
        }
    }

    var actions: [Action] { Actions.planPicker }

    func render(into buf: inout Buffer, area: Rect) {
        let l = ctx.l
        buf.put(l.t(.planPickerTitle, plan.title, plan.periodStart.vietnamese, plan.periodEnd.vietnamese), x: area.x, y: area.y,
                style: Style(bold: true), maxWidth: area.width)
        buf.put(l.t(.planPickerCount, marked.count, candidates.count), x: area.x, y: area.y + 1, style: .hint, maxWidth: area.width)
        table.render(TableView(columns: [
            TableColumn("", minWidth: 3), TableColumn(l.t(.colName), minWidth: 18, weight: 2), TableColumn(l.t(.colGroupShort), minWidth: 7),
            TableColumn(l.t(.colRisk), minWidth: 10), TableColumn(l.t(.colLastInspection), minWidth: 11, whole: true),
            TableColumn(l.t(.colReasons), minWidth: 16, weight: 2),
        ], emptyText: l.t(.planNoCandidates)), into: &buf, area: Rect(x: area.x, y: area.y + 3, width: area.width, height: area.height - 3), source: source)
    }

    /// A click selects, a second click opens, the wheel scrolls: as in every list.
    func mouse(_ event: MouseEvent) -> ScreenOutcome {
        table.mouse(event, count: source.rowCount) == .again ? perform(.open) : .none
    }

    func perform(_ action: ActionID) -> ScreenOutcome {
        if table.move(action, count: source.rowCount) { return .none }
        switch action {
        case .toggleMark:
            guard candidates.indices.contains(table.selected), let id = candidates[table.selected].row.establishment.id else { return .none }
            if marked.contains(id) { marked.remove(id) } else { marked.insert(id) }
            refreshRows()
            _ = table.move(.down, count: source.rowCount)
        case .save:
            do {
                // In the order shown: the most urgent get the earliest days.
                let ids = candidates.compactMap(\.row.establishment.id).filter(marked.contains)
                let saved = try ctx.store.createPlan(plan, establishments: ids, team: team, by: try ctx.account())
                marked = []
                return ScreenOutcome.status(ctx.l.t(.planCreated, saved.title, ids.count), .success).then(.pop)
            } catch {
                return .status(ctx.message(for: error), .error)
            }
        case .cancel:
            guard !marked.isEmpty else { return .pop }
            let l = ctx.l
            return .confirm(Dialog.confirm(title: l.t(.discardTitle), message: l.t(.discardAsk), yes: l.t(.discardYes), no: l.t(.discardNo))) {
                .pop
            }
        default: break
        }
        return .none
    }
}
