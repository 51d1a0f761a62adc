import Foundation
import TerminalKit
import WardCaseCore
import WardCaseReports

/// Tổng quan: the plan's targets beside this year's figures as bar gauges, what is due or late
/// (Enter opens that list), the last twelve months as bars, and coverage by group, weakest first.
/// An officer without a leader's role sees their own follow-ups instead of the ward's.
///
/// The figures are counted off the main thread: on a city's ten years that takes a second or so,
/// and this is the first screen after sign-in, so it is drawn at once and filled in when ready.
final class OverviewScreen: Screen {
    private let ctx: AppContext
    private var overview: Loaded<Overview>?
    private var selected = 0
    private var stale = false
    private var computing = false
    private let pending = Pending<Loaded<Overview>>()

    init(ctx: AppContext) {
        self.ctx = ctx
        reload()
    }

    private var isLeader: Bool { ctx.can(.approveVisits) || ctx.can(.draftReports) || ctx.session?.roles.contains(.leadership) == true }

    private func reload() {
        let store = ctx.store, today = store.today, reviewer = ctx.session?.id, mine = isLeader ? nil : ctx.session, l = ctx.l
        let box = pending
        computing = true
        stale = false
        DispatchQueue.global(qos: .userInitiated).async {
            box.set(Loaded(l) { try store.overview(today: today, reviewerId: reviewer, mine: mine) })
        }
    }

    /// Counted again off the main thread; a change while counting is counted once that is done.
    func dataChanged() { if computing { stale = true } else { reload() } }

    var waiting: Bool { computing }

    func poll() -> Bool {
        guard computing, let result = pending.take() else { return false }
        computing = false
        overview = result
        if stale { reload() }
        return true
    }

    var actions: [Action] { Actions.overview }

    func render(into buf: inout Buffer, area: Rect) {
        let l = ctx.l
        if let failure = overview?.failure {
            buf.put(failure, x: area.x, y: area.y, style: .error, maxWidth: area.width)
            return
        }
        guard let o = overview?.value else {
            if computing { buf.put(l.t(.overviewComputing), x: area.x, y: area.y, style: .muted, maxWidth: area.width) }
            return
        }
        var y = area.y
        buf.put(l.t(isLeader ? .overviewTitle : .overviewMineTitle, o.year), x: area.x, y: y, style: Style(bold: true), maxWidth: area.width)
        y += 2
        // Room for the longest gauge label in either language (English labels are longer).
        let labelWidth = min(44, max(34, (o.gauges.map { TextWidth.of($0.title(l)) }.max() ?? 0) + 1)), barWidth = max(10, min(30, area.width - labelWidth - 22))
        for g in o.gauges {
            buf.put(g.title(l), x: area.x, y: y, maxWidth: labelWidth - 1)
            if let p = g.percent {
                let met = g.target.map { p >= $0 } ?? true
                buf.put(TextWidth.bar(Double(min(100, max(0, p))) / 100, width: barWidth), x: area.x + labelWidth, y: y, style: met ? .success : .error)
                let tail = "\(p)%" + (g.target.map { " / \($0)%" } ?? "")
                buf.put(tail, x: area.x + labelWidth + barWidth + 1, y: y, style: met ? .plain : .error)
            } else {
                buf.put(l.t(.notAvailable), x: area.x + labelWidth, y: y, style: .muted)
            }
            y += 1
        }
        y += 1
        buf.put(l.t(.overviewDue), x: area.x, y: y, style: .header)
        y += 1
        for (i, d) in due(o).enumerated() {
            let chosen = i == selected
            let style: Style = chosen ? .selected : (d.count > 0 ? .plain : .muted)
            let text = "\(d.count > 0 ? "⚠" : "·") \(l.t(d.item.label)): \(d.count)"
            buf.fill(Rect(x: area.x, y: y, width: min(area.width, 60), height: 1), style: style)
            buf.put(text, x: area.x, y: y, style: style, maxWidth: min(area.width, 60))
            y += 1
        }
        // The twelve months, and coverage by group, side by side when there is room.
        y += 1
        let chartX = area.x, groupsX = area.x + 46
        buf.put(l.t(.overviewChart), x: chartX, y: y, style: .header, maxWidth: 44)
        if area.width >= 80 { buf.put(l.t(.overviewGroups), x: groupsX, y: y, style: .header, maxWidth: area.maxX - groupsX) }
        y += 1
        let top = max(1, o.months.map(\.visits).max() ?? 1)
        // When the window is short, the most recent months (the current one last), not the oldest.
        let months = Array(o.months.suffix(max(0, area.maxY - y)))
        for (i, m) in months.enumerated() {
            let label = String(format: "%02d/%02d", m.period.start.month, m.period.start.year % 100)
            let v = Int(m.visits) * 20 / Int(top), x = Int(m.violations) * 20 / Int(top)
            let line = "\(label) " + String(repeating: "█", count: v) + " \(m.visits)" + (m.violations > 0 ? "  " + String(repeating: "▒", count: max(1, x)) + " \(m.violations)" : "")
            buf.put(line, x: chartX, y: y + i, maxWidth: 44)
        }
        if area.width >= 80 {
            for (i, g) in o.coverage.groups.prefix(12).enumerated() where y + i < area.maxY {
                let text = "\(VietText.shortGroup(g.name).isEmpty ? "—" : VietText.shortGroup(g.name))  \(g.inspected)/\(g.managed)  \(g.percent)%"
                buf.put(text, x: groupsX, y: y + i, style: g.percent >= o.coverage.targetPercent ? .plain : .error, maxWidth: area.maxX - groupsX)
            }
        }
        if y + o.months.count < area.maxY {
            buf.put(l.t(.overviewLegend), x: chartX, y: y + o.months.count, style: .muted, maxWidth: area.width)
        }
    }

    func perform(_ action: ActionID) -> ScreenOutcome {
        guard let o = overview?.value else { return .none }
        switch action {
        case .up, .pageUp: selected = max(0, selected - (action == .up ? 1 : 5))
        case .down, .pageDown: selected = min(due(o).count - 1, selected + (action == .down ? 1 : 5))
        case .home: selected = 0
        case .end: selected = max(0, due(o).count - 1)
        case .open:
            let items = due(o)
            guard items.indices.contains(selected) else { return .none }
            return open(items[selected].item)
        default: break
        }
        return .none
    }

    /// The due items that are this person's work.
    private func due(_ o: Overview) -> [(item: Overview.Due, count: Int)] {
        guard let me = ctx.session else { return o.due }
        return o.due.filter { $0.item.concerns(me) }
    }

    /// The list behind a due item, filtered as the count was.
    private func open(_ item: Overview.Due) -> ScreenOutcome {
        let today = ctx.store.today
        func visits(_ view: VisitQuery.View) -> ScreenOutcome {
            var q = VisitQuery(view: view, today: today)
            if !isLeader, view != .awaitingApproval { q.authorId = ctx.session?.id }
            return .push(VisitListScreen(ctx: ctx, query: q))
        }
        switch item {
        case .reports: return .push(ReportListScreen(ctx: ctx))
        case .followUpsOverdue: return visits(.followUpsOverdue)
        case .remedyPassed: return visits(.remedyPassed)
        case .awaitingApproval: return visits(.awaitingApproval)
        case .returned: return visits(.returned)
        case .tipsOverdue: return .push(TipListScreen(ctx: ctx, view: .overdue))
        case .referralsAwaiting: return .push(ReferralListScreen(ctx: ctx, caseId: nil, view: .awaitingFollowUp))
        case .licencesExpiring:
            let list = EstablishmentListScreen(ctx: ctx)
            list.showExpiringLicences()
            return .push(list)
        }
    }
}
