import Foundation
import TerminalKit
import WardCaseCore
import WardCaseExport

/// Kiểm tra: the visits, with the coverage figure on top and the lists a team leader reviews
/// (awaiting my approval, follow-ups overdue, remedy deadlines passed, planned) one key apart.
final class VisitListScreen: ListScreen<VisitQuery, VisitRow> {
    /// A plan's visits, opened from the plans screen: the views and coverage line are not shown.
    private let fixedTitle: String?
    /// This year's coverage, kept until the data changes (it counts the whole register).
    private var coverage: Coverage?

    init(ctx: AppContext, query: VisitQuery? = nil, title: String? = nil) {
        fixedTitle = title
        let store = ctx.store, l = ctx.l
        var q = query ?? VisitQuery(today: ctx.store.today)
        q.reviewerId = ctx.session?.id
        let source = PagedSource<VisitQuery, VisitRow>(
            query: q,
            count: { try store.countVisits($0) },
            fetch: { try store.visits($0, offset: $1.lowerBound, limit: $1.count) },
            cells: { r in
                let v = r.visit
                let mark = v.amendsVisitId != nil ? " ✎" : ""
                // A returned record says why beside its place, as far as the column shows it.
                let why = v.status == .returned && !v.returnComment.isEmpty ? " — " + v.returnComment : ""
                return [v.date.vietnamese + (v.time.isEmpty ? "" : " " + v.time), r.placeName + why, l.t(v.kind.label),
                        l.t(v.status.label) + mark, r.violations == 0 ? "" : String(r.violations),
                        alertDate(r.deadline, overdue: r.overdue), v.authorName]
            },
            alert: { $0.overdue },
            describe: ctx.message(for:))
        super.init(ctx: ctx, source: source, filter: \.filter)
    }

    override var columns: [TableColumn] {
        let l = ctx.l
        return [
            TableColumn(l.t(.colVisitDate), minWidth: 16, whole: true),
            TableColumn(l.t(.fieldPlace), minWidth: 18, weight: 3),
            TableColumn(l.t(.colVisitKind), minWidth: 13),
            TableColumn(l.t(.colStatus), minWidth: 11),
            TableColumn(l.t(.colViolationsShort), short: l.t(.colViolations), minWidth: 5, alignRight: true),
            TableColumn(l.t(.colDeadline), minWidth: 12, whole: true),
            TableColumn(l.t(.colAuthor), minWidth: 6, weight: 1),
        ]
    }

    override var emptyText: String { ctx.l.t(source.query.view == .all && !source.query.hasFilters ? .visitsEmpty : .listNoMatch) }

    override func headerLines() -> [(String, Style)] {
        let l = ctx.l
        if let fixedTitle { return [(fixedTitle + " · " + l.t(.visitCount, source.rowCount), Style(bold: true))] }
        var lines: [(String, Style)] = []
        if coverage == nil { coverage = ctx.read { try ctx.store.coverage(year: source.query.today.year) } }
        if let cov = coverage {
            let verdict = cov.meetsTarget ? l.t(.coverageMet) : l.t(.coverageNotMet)
            lines.append((l.t(.coverageLine, cov.year, cov.inspected, cov.managed, cov.percent, cov.targetPercent) + " · " + verdict,
                          Style(bold: true)))
        }
        // The views with their counts: [Tất cả 152] Chờ tôi duyệt 3 · Quá hạn hậu kiểm 2 ...
        lines.append((viewTabs(source.query.view, label: { l.t($0.label) }, count: { v in
            var q = source.query
            q.view = v
            return source.count(of: q)
        }), .hint))
        if let summary = filterSummary { lines.append((l.t(.quickFilterOn, summary), .hint)) }
        return lines
    }

    private var filterSummary: String? {
        let q = source.query, l = ctx.l
        var parts: [String] = []
        if q.from != nil || q.to != nil { parts.append("\(q.from?.vietnamese ?? "…") – \(q.to?.vietnamese ?? "…")") }
        if let k = q.kind { parts.append(l.t(k.label)) }
        if let s = q.status { parts.append(l.t(s.label)) }
        if !q.team.isEmpty { parts.append(q.team) }
        return parts.isEmpty ? nil : parts.joined(separator: " · ")
    }

    override var ownActions: [Action] { fixedTitle == nil ? Actions.visits : Actions.planVisits }

    override func perform(own action: ActionID) -> ScreenOutcome {
        switch action {
        case .cycleView:
            source.query.view = nextView(source.query.view)
            reset()
        case .filterForm:
            return .push(VisitFilterScreen(ctx: ctx, query: source.query) { [weak self] q in
                self?.source.query = q
                self?.reset()
            })
        case .newRecord:
            return .push(EstablishmentPickerScreen(ctx: ctx) { [ctx] row in
                .push(VisitFormScreen(ctx: ctx, newAt: .establishment(row.establishment)))
            })
        case .tips: return .push(TipListScreen(ctx: ctx))
        case .hotspots: return .push(HotspotListScreen(ctx: ctx))
        case .plans: return .push(PlanListScreen(ctx: ctx))
        case .coverage: return .push(CoverageScreen(ctx: ctx, year: source.query.today.year))
        case .roster: return .push(RosterScreen(ctx: ctx))
        case .export:
            let query = source.query, l = ctx.l, store = ctx.store
            return .push(ExportScreen.list(ctx: ctx, baseName: "kiem-tra", shape: VisitExport.shape(l),
                                           heading: ListHeading.of(store, l.t(.sheetVisits), from: query.from, to: query.to),
                                           total: { try store.countVisits(query) }, each: { try store.eachVisit(query, $0) }))
        case .cancelPlanned:
            guard let row = selectedRow, row.visit.status == .planned, let id = row.visit.id else { return .none }
            let l = ctx.l
            return .confirm(Dialog.confirm(title: l.t(.actCancelPlanned), message: l.t(.confirmCancelPlanned, row.placeName, row.visit.date.vietnamese),
                                           yes: l.t(.actCancelPlanned), no: l.t(.no))) { [ctx] in
                do {
                    try ctx.store.cancelPlannedVisit(id: id, by: try ctx.account())
                    return .status(l.t(.plannedCancelled), .success)
                } catch {
                    return .status(ctx.message(for: error), .error)
                }
            }
        default: break
        }
        return .none
    }

    /// Esc clears the typed filter first, then the period/kind/status/team filters.
    override func perform(_ action: ActionID) -> ScreenOutcome {
        if action == .clearFilter, !filtering, source.query.filter.isEmpty, source.query.hasFilters, fixedTitle == nil {
            var q = VisitQuery(view: source.query.view, today: source.query.today)
            q.reviewerId = source.query.reviewerId
            source.query = q
            reset()
            return .none
        }
        return super.perform(action)
    }

    override func dataChanged() {
        super.dataChanged()
        coverage = nil
    }

    override func open(_ row: VisitRow) -> ScreenOutcome {
        guard let id = row.visit.id else { return .none }
        return .push(VisitDetailScreen(ctx: ctx, id: id))
    }
}

/// `f` on the visit list: period, kind, status and team.
final class VisitFilterScreen: FormScreen {
    private let apply: (VisitQuery) -> Void
    private var query: VisitQuery

    init(ctx: AppContext, query: VisitQuery, apply: @escaping (VisitQuery) -> Void) {
        self.apply = apply
        self.query = query
        let l = ctx.l, all = l.t(.filterAll), rules = FieldRules(l: l)
        super.init(ctx: ctx, title: l.t(.visitFilterTitle), intro: l.t(.visitFilterIntro), fields: [
            FormField(id: "from", label: l.t(.fieldPeriodStart), kind: .date, value: query.from?.vietnamese ?? "", validator: rules.date),
            FormField(id: "to", label: l.t(.fieldPeriodEnd), kind: .date, value: query.to?.vietnamese ?? "", validator: rules.date),
            FormField(id: "kind", label: l.t(.fieldVisitKind), kind: .choice([all] + VisitKind.allCases.map { l.t($0.label) }),
                      value: query.kind.map { l.t($0.label) } ?? all),
            FormField(id: "status", label: l.t(.colStatus), kind: .choice([all] + VisitStatus.allCases.map { l.t($0.label) }),
                      value: query.status.map { l.t($0.label) } ?? all),
            FormField(id: "team", label: l.t(.fieldTeam), kind: .text(maxLength: 120), value: query.team),
        ], cancellable: true)
    }

    override var hasUnsavedChanges: Bool { false }

    override func submit() -> ScreenOutcome {
        let l = ctx.l
        query.from = Formats.Day(vietnamese: form["from"])
        query.to = Formats.Day(vietnamese: form["to"])
        if let from = query.from, let to = query.to, to < from {
            form.setError(WardError.periodReversed.message(l), field: "to")
            return .none
        }
        query.kind = VisitKind.allCases.first { l.t($0.label) == form["kind"] }
        query.status = VisitStatus.allCases.first { l.t($0.label) == form["status"] }
        query.team = VietText.clean(form["team"])
        apply(query)
        return .pop
    }
}

/// `g` on the visit list: coverage per residential group, weakest first.
final class CoverageScreen: Screen {
    private let ctx: AppContext
    private let year: Int
    private var table = TableController()
    private let source = ArrayTableSource()
    private var coverage: Coverage?

    init(ctx: AppContext, year: Int) {
        self.ctx = ctx
        self.year = year
        reload()
    }

    var actions: [Action] {
        Actions.detail + Actions.movement + [Action(.open, [.enter], label: .actOpen, help: .helpOpenGroup, footer: true)]
    }

    func dataChanged() { reload() }

    private func reload() {
        coverage = ctx.read { try ctx.store.coverage(year: year) }
        let l = ctx.l
        source.rows = (coverage?.groups ?? []).map { g in
            [g.name.isEmpty ? "—" : g.name, String(g.managed), String(g.inspected), "\(g.percent)%",
             g.meets(coverage?.targetPercent ?? 80) ? l.t(.coverageMet) : l.t(.coverageNotMet)]
        }
    }

    func render(into buf: inout Buffer, area: Rect) {
        let l = ctx.l
        guard let cov = coverage else { return }
        buf.put(l.t(.coverageTitle, year), x: area.x, y: area.y, style: Style(bold: true), maxWidth: area.width)
        buf.put(l.t(.coverageLine, cov.year, cov.inspected, cov.managed, cov.percent, cov.targetPercent), x: area.x, y: area.y + 1,
                style: cov.meetsTarget ? .success : .error, maxWidth: area.width)
        let view = TableView(columns: [
            TableColumn(l.t(.colGroup), minWidth: 12, weight: 2), TableColumn(l.t(.colManaged), minWidth: 10, alignRight: true),
            TableColumn(l.t(.colInspected), minWidth: 10, alignRight: true), TableColumn("%", minWidth: 5, alignRight: true),
            TableColumn(l.t(.colTarget, cov.targetPercent), minWidth: 14, weight: 1),
        ], emptyText: l.t(.listEmpty))
        table.render(view, into: &buf, area: Rect(x: area.x, y: area.y + 3, width: area.width, height: area.height - 3), source: source)
    }

    /// A click selects, a second click opens, the wheel scrolls: as in every list.
    func mouse(_ event: MouseEvent) -> ScreenOutcome {
        table.mouse(event, count: source.rowCount) == .again ? perform(.open) : .none
    }

    func perform(_ action: ActionID) -> ScreenOutcome {
        if action == .back { return .pop }
        if table.move(action, count: source.rowCount) { return .none }
        // Enter on a group: its establishments still to be inspected this year, in the register.
        guard action == .open, let groups = coverage?.groups, groups.indices.contains(table.selected) else { return .none }
        let list = EstablishmentListScreen(ctx: ctx)
        list.showNotInspected(group: groups[table.selected].name)
        return .push(list)
    }
}
