import Foundation
import TerminalKit
import WardCaseCore
import WardCaseReports
import WardCaseExport

/// Báo cáo: the report periods around today with their deadlines and where each stands.
final class ReportListScreen: Screen {
    private let ctx: AppContext
    private var slots: [ReportSlot] = []
    private var table = TableController()
    private let source = ArrayTableSource()

    private var stale = false

    init(ctx: AppContext) {
        self.ctx = ctx
        reload()
        // It opens on the report that needs doing: the first overdue, else the first due.
        if let first = slots.firstIndex(where: { $0.state == .overdue }) ?? slots.firstIndex(where: { $0.state == .due }) {
            table.select(first, count: slots.count)
        }
    }

    func dataChanged() { stale = true }
    func appeared() { if stale { stale = false; reload() } }

    private func reload() {
        let l = ctx.l
        slots = ctx.read(or: []) { try ctx.store.reportSlots(today: ctx.store.today) }
        source.rows = slots.map { s in
            let late = s.state == .overdue
            // A sent report says when, and under which number.
            let sent = s.report.flatMap { r in r.sentOn.map { $0.vietnamese + (r.sentNumber.isEmpty ? "" : " · " + r.sentNumber) } } ?? ""
            // A correction says which version it is.
            let version = s.report.flatMap { $0.version > 1 ? " · v\($0.version)" : nil } ?? ""
            return [l.t(s.period.kind.label), s.period.title(l), s.deadline.map { alertDate($0, overdue: late) } ?? "",
                    l.t(s.label) + version, sent]
        }
    }

    var actions: [Action] { Actions.movement + Actions.reportList }

    func render(into buf: inout Buffer, area: Rect) {
        let l = ctx.l
        let due = slots.filter { $0.state == .due || $0.state == .overdue }.count
        let late = slots.filter { $0.state == .overdue }.count
        buf.put(l.t(.reportsTitle, due, late), x: area.x, y: area.y, style: Style(bold: true), maxWidth: area.width)
        table.render(TableView(columns: [
            TableColumn(l.t(.colReportKind), minWidth: 8), TableColumn(l.t(.colPeriod), minWidth: 24, weight: 2),
            TableColumn(l.t(.colDeadline), minWidth: 12, whole: true), TableColumn(l.t(.colStatus), minWidth: 12),
            TableColumn(l.t(.colSent), minWidth: 23, weight: 1, whole: true),
        ], emptyText: ""), into: &buf, area: Rect(x: area.x, y: area.y + 2, width: area.width, height: area.height - 2), source: ReportAlerts(source: source, slots: slots))
    }

    /// A click selects, a second click opens, the wheel scrolls: as in every list.
    func mouse(_ event: MouseEvent) -> ScreenOutcome {
        table.mouse(event, count: source.rowCount) == .again ? perform(.open) : .none
    }

    func perform(_ action: ActionID) -> ScreenOutcome {
        if table.move(action, count: source.rowCount) { return .none }
        switch action {
        case .open:
            guard slots.indices.contains(table.selected) else { return .none }
            return ReportScreen.open(ctx: ctx, period: slots[table.selected].period)
        case .customPeriod: return .push(CustomPeriodScreen(ctx: ctx))
        case .activities: return .push(ActivityListScreen(ctx: ctx))
        case .obligations: return .push(ObligationsScreen(ctx: ctx))
        case .annualPlan: return .push(PlanScreen(ctx: ctx, year: ctx.store.today.year))
        default: return .none
        }
    }
}

/// Overdue report rows stand out.
private final class ReportAlerts: TableDataSource {
    let source: ArrayTableSource
    let slots: [ReportSlot]
    init(source: ArrayTableSource, slots: [ReportSlot]) { self.source = source; self.slots = slots }
    var rowCount: Int { source.rowCount }
    func cells(in range: Range<Int>) -> [[String]] { source.cells(in: range) }
    func alerts(in range: Range<Int>) -> [Bool] { range.map { slots.indices.contains($0) && slots[$0].state == .overdue } }
}

/// A report for an ad-hoc range (đột xuất).
final class CustomPeriodScreen: FormScreen {
    init(ctx: AppContext) {
        let l = ctx.l, rules = FieldRules(l: l), today = ctx.store.today
        super.init(ctx: ctx, title: l.t(.customPeriodTitle), intro: "", fields: [
            FormField(id: "from", label: l.t(.fieldPeriodStart), kind: .date, required: true, value: today.monthRange.lowerBound.vietnamese,
                      validator: rules.date),
            FormField(id: "to", label: l.t(.fieldPeriodEnd), kind: .date, required: true, value: today.vietnamese, validator: rules.date),
        ], cancellable: true)
    }

    override var hasUnsavedChanges: Bool { false }

    override func submit() -> ScreenOutcome {
        guard let a = Formats.Day(vietnamese: form["from"]), let b = Formats.Day(vietnamese: form["to"]) else { return .none }
        guard a <= b else {
            form.setError(WardError.periodReversed.message(ctx.l), field: "to")
            return .none
        }
        return ScreenOutcome.pop.then(ReportScreen.open(ctx: ctx, period: ReportPeriod(kind: .custom, start: a, end: b)))
    }
}

/// One report: its figures with the plan's targets (Enter opens the records behind a figure),
/// the narrative parts (Enter edits), and the keys to finalise, export and mark as sent.
final class ReportScreen: Screen {
    private let ctx: AppContext
    private let period: ReportPeriod
    private var report: Report?
    private var figures: ReportFigures?
    private var rows: [Row] = []
    private var table = TableController()
    private let source = ArrayTableSource()
    /// Set when the data changed; figures are counted again when the screen is next in front.
    private var stale = false

    enum Row {
        case header(String)
        /// A line of explanation under a section title.
        case note(String)
        case figure(Figure)
        case narrative(NarrativePart)
    }

    /// A clerk opens (or starts) the period's draft; others see the latest version or the figures.
    static func open(ctx: AppContext, period: ReportPeriod) -> ScreenOutcome {
        do {
            let existing = try ctx.store.reports(period: period).first
            let report = ctx.can(.draftReports) && existing?.status != .sent ? try existing ?? ctx.store.draftReport(period, by: try ctx.account()) : existing
            return .push(ReportScreen(ctx: ctx, period: period, report: report))
        } catch {
            return .status(ctx.message(for: error), .error)
        }
    }

    init(ctx: AppContext, period: ReportPeriod, report: Report?) {
        self.ctx = ctx
        self.period = period
        self.report = report
        reload()
        // Start on the first figure, not on a section title.
        table.selected = rows.firstIndex { if case .figure = $0 { true } else { false } } ?? 0
    }

    // Typing a narrative writes on every key: counting every figure again each time would be
    // wasted while the editor covers this screen.
    func dataChanged() { stale = true }
    func appeared() { if stale { stale = false; reload() } }

    private func reload() {
        let l = ctx.l
        if let id = report?.id { report = ctx.read(or: report) { try ctx.store.report(id: id) } }
        figures = ctx.read { try report.map { try ctx.store.figures(of: $0, language: l.language) } ?? ctx.store.reportFigures(period, language: l.language) }
        // Only approved visits count: say so beside them, with how many of the period still wait.
        var waiting = VisitQuery(today: ctx.store.today)
        waiting.status = .submitted
        waiting.from = period.start
        waiting.to = period.end
        let pending = ctx.read(or: 0) { try ctx.store.countVisits(waiting) }
        rows = []
        for section in figures?.sections ?? [] {
            rows.append(.header(section.titleText(l)))
            if section.title == Msg.sectionInspections.rawValue { rows.append(.note(l.t(.onlyApprovedCounted, pending))) }
            rows += section.figures.map(Row.figure)
        }
        rows.append(.header(l.t(.narrativeTitle)))
        rows += NarrativePart.allCases.map(Row.narrative)
        source.rows = rows.map { row in
            switch row {
            case .header(let title): return ["■ " + title.uppercased(), "", ""]
            case .note(let text): return ["  " + text, "", ""]
            case .figure(let f):
                return [(f.detail ? "   " : "") + f.labelText(l), ReportScreen.format(f, l), f.target.map { ReportScreen.format(value: $0, unit: f.unit) } ?? ""]
            case .narrative(let part):
                let text = report?.narrative[part] ?? ""
                return ["  " + l.t(part.label), text.isEmpty ? l.t(.narrativeEmpty) : l.t(.narrativeWords, text.split(whereSeparator: \.isWhitespace).count), ""]
            }
        }
    }

    /// "1.234", "62%", "2.000.000" — and "chưa có số liệu" where a figure cannot be counted.
    static func format(_ f: Figure, _ l: Localizer) -> String {
        f.value.map { format(value: $0, unit: f.unit) } ?? l.t(.notAvailable)
    }

    static func format(value: Int64, unit: FigureUnit) -> String {
        unit == .percent ? "\(value)%" : Formats.groupedDigits(value)
    }

    var actions: [Action] {
        var list = Actions.detail + Actions.movement + [Action(.open, [.enter], label: .actOpen, help: .helpOpenFigure, footer: true)]
        switch report?.status {
        case .draft?: list += Actions.reportDraft
        case .final?: list += Actions.reportFinal
        default: break
        }
        return list + Actions.reportFiles
    }

    func render(into buf: inout Buffer, area: Rect) {
        let l = ctx.l
        var title = l.t(.reportTitle, period.title(l))
        if let r = report {
            // A sent report under the number and on the day it went.
            let number = r.sentNumber.isEmpty ? r.number : r.sentNumber
            title += " · v\(r.version) · " + l.t(r.status.label) + (r.sentOn.map { " " + $0.vietnamese } ?? "")
                + (number.isEmpty ? "" : " · " + l.t(.numberLabel, number))
        }
        buf.put(title, x: area.x, y: area.y, style: Style(bold: true), maxWidth: area.width)
        // The days counted, then what can be done with it (or where it went).
        var second = figures.map { [$0.dataLine(l)] } ?? []
        if report?.status == .draft {
            second.append(l.t(.reportDraftHint))
        } else if report == nil {
            second.append(l.t(.reportNotDrafted))
        } else if let r = report, !r.sentTo.isEmpty {
            second.append(l.t(.reportSentTo, r.sentTo.map { $0.line(l) }.joined(separator: "; ")))
        }
        buf.put(second.joined(separator: " · "), x: area.x, y: area.y + 1, style: .hint, maxWidth: area.width)
        table.render(TableView(columns: [
            TableColumn(l.t(.colIndicator), minWidth: 30, weight: 3), TableColumn(l.t(.colResult), minWidth: 14, alignRight: true),
            TableColumn(l.t(.colTarget2), minWidth: 10, alignRight: true),
        ], emptyText: ""), into: &buf, area: Rect(x: area.x, y: area.y + 2, width: area.width, height: area.height - 2), source: source)
    }

    /// A click selects, a second click opens, the wheel scrolls: as in every list.
    func mouse(_ event: MouseEvent) -> ScreenOutcome {
        table.mouse(event, count: source.rowCount) == .again ? perform(.open) : .none
    }

    func perform(_ action: ActionID) -> ScreenOutcome {
        if table.move(action, count: source.rowCount) { return .none }
        let l = ctx.l
        switch action {
        case .back: return .pop
        case .open:
            guard rows.indices.contains(table.selected) else { return .none }
            switch rows[table.selected] {
            case .figure(let f): return .push(RecordsBehindScreen(ctx: ctx, figure: f, period: period))
            case .narrative(let part):
                guard let r = report, r.status == .draft, ctx.can(.draftReports) else {
                    return .push(NarrativeViewScreen(ctx: ctx, part: part, text: report?.narrative[part] ?? ""))
                }
                return .push(NarrativeEditorScreen(ctx: ctx, reportId: r.id ?? 0, part: part, text: r.narrative[part] ?? ""))
            case .header, .note: return .none
            }
        case .setNumber:
            guard let r = report, let id = r.id else { return .none }
            return .push(ReportNumberScreen(ctx: ctx, reportId: id, number: r.number))
        case .finalise:
            guard let r = report, let id = r.id else { return .none }
            // Sections left empty are named before the report is locked with them.
            let empty = NarrativePart.allCases.filter { (r.narrative[$0] ?? "").allSatisfy(\.isWhitespace) }.map { l.t($0.label) }
            let message = empty.isEmpty ? l.t(.confirmFinalise) : l.t(.confirmFinaliseEmpty, empty.joined(separator: ", ")) + " " + l.t(.confirmFinalise)
            return .confirm(Dialog.ask(title: l.t(.actFinalise), message: message, yes: l.t(.actFinalise), no: l.t(.no))) { [self] in
                do {
                    report = try ctx.store.finaliseReport(reportId: id, by: try ctx.account())
                    reload()
                    return .status(l.t(.reportFinalised), .success)
                } catch {
                    return .status(ctx.message(for: error), .error)
                }
            }
        case .markSent:
            guard let r = report, r.status == .final else { return .status(l.t(.errReportNotFinal), .error) }
            return .push(MarkSentScreen(ctx: ctx, report: r))
        case .newVersion:
            do {
                report = try ctx.store.draftReport(period, by: try ctx.account())
                reload()
                return .status(l.t(.reportNewVersion, report?.version ?? 0), .success)
            } catch {
                return .status(ctx.message(for: error), .error)
            }
        case .export:
            guard let r = report else { return .status(l.t(.reportNotDrafted), .error) }
            let store = ctx.store, figures = figures
            return .push(ExportScreen(ctx: ctx, title: l.t(.exportReportTitle), baseName: "bao-cao-\(period.code)", dated: false,
                                      formats: [.docx, .xlsx, .csv, .md, .pdf]) { format, progress in
                guard let ward = try store.ward(), let figs = figures, let kind = ReportDocument.Format(rawValue: format.rawValue) else {
                    throw WardError.notFound
                }
                let trend = try store.monthlyTrend(through: r.period.end).map { ($0.label, $0.visits, $0.violations) }
                return (try ReportDocument.file(kind, report: r, figures: figs, ward: ward, recipients: try store.reportRegime().recipients,
                                                signer: try store.reportSigner(), l: l, today: store.today, trend: trend, progress: progress), nil)
            })
        default: break
        }
        return .none
    }
}

/// The records behind a figure, so the clerk can check it.
final class RecordsBehindScreen: Screen {
    private let ctx: AppContext
    private let figure: Figure
    private var lines: [String] = []
    private var scroll = 0

    init(ctx: AppContext, figure: Figure, period: ReportPeriod) {
        self.ctx = ctx
        self.figure = figure
        lines = ctx.read(or: []) { try ctx.store.recordsBehind(figure.id, period: period, language: ctx.l.language) }
    }

    var actions: [Action] { Actions.detail + Actions.scrolling }

    func render(into buf: inout Buffer, area: Rect) {
        let l = ctx.l
        buf.put(l.t(.recordsBehindTitle, figure.labelText(l), ReportScreen.format(figure, l)), x: area.x, y: area.y, style: Style(bold: true),
                maxWidth: area.width)
        let body = lines.isEmpty ? [l.t(.recordsBehindNone)] : lines
        scroll = min(scroll, max(0, body.count - (area.height - 2)))
        for (i, line) in body.dropFirst(scroll).prefix(area.height - 2).enumerated() {
            buf.put(line, x: area.x, y: area.y + 2 + i, style: lines.isEmpty ? .muted : .plain, maxWidth: area.width)
        }
    }

    func perform(_ action: ActionID) -> ScreenOutcome {
        if RecordPage.scroll(action, &scroll) { return .none }
        return action == .back ? .pop : .none
    }
}

/// Writing one narrative part: every change is saved as it is typed, so a closed terminal
/// loses nothing. Ctrl-Z undoes, Ctrl-Y redoes; Esc goes back.
final class NarrativeEditorScreen: Screen {
    private let ctx: AppContext
    private let reportId: Int64
    private let part: NarrativePart
    private var editor: TextEditorState
    private var width = 76
    private var saveError: String?

    init(ctx: AppContext, reportId: Int64, part: NarrativePart, text: String) {
        self.ctx = ctx
        self.reportId = reportId
        self.part = part
        editor = TextEditorState(text: text)
    }

    var actions: [Action] { Actions.editor }
    var capturesText: Bool { true }

    func render(into buf: inout Buffer, area: Rect) {
        let l = ctx.l
        buf.put(l.t(.narrativeEditorTitle, l.t(part.label)), x: area.x, y: area.y, style: Style(bold: true), maxWidth: area.width)
        buf.put(saveError ?? l.t(.narrativeEditorHint), x: area.x, y: area.y + 1, style: saveError == nil ? .hint : .error, maxWidth: area.width)
        width = min(area.width, 100)
        editor.render(into: &buf, area: Rect(x: area.x, y: area.y + 3, width: width, height: area.height - 3))
    }

    func perform(_ action: ActionID) -> ScreenOutcome { action == .cancel ? .pop : .none }

    func input(_ key: Key) -> ScreenOutcome {
        guard editor.handle(key, width: width) == .edited else { return .none }
        do {
            try ctx.store.saveNarrative(reportId: reportId, part: part, text: editor.value, by: try ctx.account())
            saveError = nil
        } catch {
            saveError = ctx.message(for: error)
        }
        return .none
    }
}

/// A finalised report's narrative, read-only.
final class NarrativeViewScreen: Screen {
    private let ctx: AppContext
    private let part: NarrativePart
    private let text: String
    private var scroll = 0

    init(ctx: AppContext, part: NarrativePart, text: String) { self.ctx = ctx; self.part = part; self.text = text }

    var actions: [Action] { Actions.detail + Actions.scrolling }

    func render(into buf: inout Buffer, area: Rect) {
        let l = ctx.l
        buf.put(l.t(part.label), x: area.x, y: area.y, style: Style(bold: true), maxWidth: area.width)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { TextWidth.wrap(String($0), width: min(area.width, 100)) }
        scroll = min(scroll, max(0, lines.count - (area.height - 2)))
        for (i, line) in lines.dropFirst(scroll).prefix(area.height - 2).enumerated() {
            buf.put(line, x: area.x, y: area.y + 2 + i, maxWidth: area.width)
        }
    }

    func perform(_ action: ActionID) -> ScreenOutcome {
        if RecordPage.scroll(action, &scroll) { return .none }
        return action == .back ? .pop : .none
    }
}

/// The document's number and symbol ("15/BC-UBND").
final class ReportNumberScreen: FormScreen {
    private let reportId: Int64

    init(ctx: AppContext, reportId: Int64, number: String) {
        self.reportId = reportId
        super.init(ctx: ctx, title: ctx.l.t(.reportNumberTitle), intro: ctx.l.t(.reportNumberIntro), fields: [
            FormField(id: "number", label: ctx.l.t(.fieldReportNumber), kind: .text(maxLength: 40), value: number),
        ], cancellable: true)
    }

    override func submit() -> ScreenOutcome {
        save(done: ctx.l.t(.reportNumberSaved)) {
            try ctx.store.setReportNumber(reportId: reportId, number: form["number"], by: try ctx.account())
        }
    }
}

/// The activities log the reports count: communication sessions, trainings.
final class ActivityListScreen: TableScreen {
    private var staff: Int?

    override init(ctx: AppContext) {
        super.init(ctx: ctx)
        reload()
    }

    override func reload() {
        let l = ctx.l
        guard let year = ReportPeriod.year(ctx.store.today.year) else { return }
        staff = ctx.read { try ctx.store.programmeStaff(year: year.start.year) }
        source.rows = (load { try ctx.store.activities(in: year) }).reversed().map {
            [$0.date.vietnamese, l.t($0.kind.label), $0.channel.map { l.t($0.label) } ?? "", $0.audience, String($0.people)]
        }
    }

    override var title: String {
        let l = ctx.l, year = ctx.store.today.year
        return l.t(.activitiesTitle, year) + " · " + l.t(.activitiesStaffLine, year, staff.map(String.init) ?? "—")
    }
    override var emptyText: String { ctx.l.t(.activitiesEmpty) }
    override var columns: [TableColumn] {
        let l = ctx.l
        return [TableColumn(l.t(.colVisitDate), minWidth: 10, whole: true), TableColumn(l.t(.fieldActivityKind), minWidth: 12),
                TableColumn(l.t(.fieldChannel2), minWidth: 14, weight: 1),
                TableColumn(l.t(.fieldAudience), minWidth: 16, weight: 3), TableColumn(l.t(.fieldPeople), minWidth: 8, alignRight: true)]
    }
    override var ownActions: [Action] { Actions.activities }

    override func perform(own action: ActionID) -> ScreenOutcome {
        switch action {
        case .newRecord: return .push(ActivityFormScreen(ctx: ctx))
        case .programmeStaff: return .push(ProgrammeStaffScreen(ctx: ctx, year: ctx.store.today.year, staff: staff))
        default: return .none
        }
    }
}

/// A communication session or a training: its form, whom it reached by category, and for a
/// training its trainees by agency. Begun from an establishment's page it is held there, and can
/// bring that establishment's workers reached up to date.
final class ActivityFormScreen: FormScreen {
    private let establishment: Establishment?

    init(ctx: AppContext, at establishment: Establishment? = nil) {
        self.establishment = establishment
        let l = ctx.l, rules = FieldRules(l: l)
        var fields = [
            FormField(id: "date", label: l.t(.colVisitDate), kind: .date, required: true, value: ctx.store.today.vietnamese, validator: rules.date),
            FormField(id: "kind", label: l.t(.fieldActivityKind), kind: .choice(ActivityKind.allCases.map { l.t($0.label) })),
            FormField(id: "channel", label: l.t(.fieldChannel2), kind: .choice(["—"] + ActivityChannel.allCases.map { l.t($0.label) }),
                      value: establishment == nil ? "—" : l.t(ActivityChannel.counselling.label)),
            FormField(id: "audience", label: l.t(.fieldAudience), kind: .text(maxLength: 200), required: true, value: establishment?.name ?? ""),
        ]
        fields += AudienceCategory.allCases.map { c in
            FormField(id: "reached-" + c.rawValue, label: l.t(.fieldReachedOf, l.t(c.label)), kind: .number, validator: rules.number)
        }
        fields += [
            FormField(id: "people", label: l.t(.fieldPeople), kind: .number, validator: rules.number),
            FormField(id: "trainees", label: l.t(.fieldTrainees), kind: .text(maxLength: 300), validator: { text in
                Activity.parseTrainees(text) == nil ? .invalid(l.t(.errTrainees)) : .ok(text)
            }),
        ]
        if establishment != nil {
            fields.append(FormField(id: "updateWorkers", label: l.t(.fieldUpdateWorkers), kind: .yesNo, value: l.t(.yes)))
        }
        super.init(ctx: ctx, title: l.t(.newActivityTitle) + (establishment.map { ": " + $0.name } ?? ""), intro: "", fields: fields,
                   cancellable: true)
    }

    override func submit() -> ScreenOutcome {
        let l = ctx.l
        var a = Activity(date: Formats.Day(vietnamese: form["date"]) ?? ctx.store.today,
                         kind: ActivityKind.allCases.first { l.t($0.label) == form["kind"] } ?? .other,
                         audience: form["audience"], people: Formats.parseInt(form["people"]) ?? 0)
        a.channel = ActivityChannel.allCases.first { l.t($0.label) == form["channel"] }
        a.reached = Dictionary(uniqueKeysWithValues: AudienceCategory.allCases.compactMap { c in
            Formats.parseInt(form["reached-" + c.rawValue]).flatMap { $0 > 0 ? (c, $0) : nil }
        })
        a.trainees = Activity.parseTrainees(form["trainees"]) ?? [:]
        a.establishmentId = establishment?.id
        if a.reached.isEmpty && a.people == 0 { form.setError(ctx.formStrings.required, field: "people"); return .none }
        let update = form["updateWorkers"] == l.t(.yes)
        return save(done: l.t(.activitySaved)) {
            try ctx.store.addActivity(a, updateWorkers: update, by: try ctx.account())
        }
    }
}

/// `s` on the activities: the ward's programme staff for the year.
final class ProgrammeStaffScreen: FormScreen {
    private let year: Int

    init(ctx: AppContext, year: Int, staff: Int?) {
        self.year = year
        let l = ctx.l
        super.init(ctx: ctx, title: l.t(.programmeStaffTitle, year), intro: "", fields: [
            FormField(id: "staff", label: l.t(.fieldStaffTotal), kind: .number, required: true, value: staff.map(String.init) ?? "",
                      validator: FieldRules(l: l).number),
        ], cancellable: true)
    }

    override func submit() -> ScreenOutcome {
        let n = Formats.parseInt(form["staff"]) ?? 0
        return save(done: ctx.l.t(.programmeStaffSaved, year, n)) { try ctx.store.setProgrammeStaff(n, year: year, by: try ctx.account()) }
    }
}

/// `o` on the report list: the reports the ward owes, by when, over which dates, to whom. F7 and
/// F8 fill in the regime of plan 001 or 004; nothing is saved until Ctrl-S.
final class ObligationsScreen: FormScreen {
    private var regime: ReportRegime

    init(ctx: AppContext) {
        let l = ctx.l
        regime = ctx.read { try ctx.store.reportRegime() } ?? .standing
        super.init(ctx: ctx, title: l.t(.obligationsTitle), intro: l.t(.obligationsIntro), fields: Self.fields(regime, l), cancellable: true)
    }

    private static func fields(_ r: ReportRegime, _ l: Localizer) -> [FormField] {
        let rules = FieldRules(l: l)
        func owes(_ k: ReportKind, _ label: Msg) -> FormField {
            FormField(id: "owe." + k.rawValue, label: l.t(label), kind: .yesNo, value: l.t(r.owed.contains(k) ? .yes : .no))
        }
        return [
            owes(.month, .fieldOweMonth),
            FormField(id: "monthDay", label: l.t(.fieldMonthDay), kind: .number, required: true, value: String(r.deadlines.monthDay), validator: rules.number),
            owes(.quarter, .fieldOweQuarter),
            FormField(id: "quarterDay", label: l.t(.fieldQuarterDay), kind: .number, required: true, value: String(r.deadlines.quarterDay), validator: rules.number),
            owes(.half, .fieldOweHalf),
            FormField(id: "half", label: l.t(.fieldHalfDue), kind: .text(maxLength: 5), required: true, value: ReportDeadlines.dayMonth(r.deadlines.halfYear)),
            owes(.year, .fieldOweYear),
            FormField(id: "year", label: l.t(.fieldYearDue), kind: .text(maxLength: 5), required: true, value: ReportDeadlines.dayMonth(r.deadlines.year)),
            FormField(id: "closing", label: l.t(.fieldClosing), kind: .choice(ReportClosing.allCases.map { l.t($0.label) }), value: l.t(r.closing.label)),
            FormField(id: "dueSoon", label: l.t(.fieldDueSoonDays), kind: .number, required: true, value: String(r.dueSoonDays), validator: rules.number),
            FormField(id: "recipients", label: l.t(.fieldRecipients), kind: .multiline(maxLength: 1000, rows: 4),
                      value: r.recipients.map(\.typed).joined(separator: "\n")),
        ]
    }

    override var actions: [Action] { super.actions + Actions.obligations }

    override func perform(_ action: ActionID) -> ScreenOutcome {
        let preset: ReportRegime.Preset
        switch action {
        case .presetPlan001: preset = .plan001
        case .presetPlan004: preset = .plan004
        default: return super.perform(action)
        }
        guard let current = read() else { return .none }
        let r = preset.applied(to: current, l: ctx.l)
        for f in Self.fields(r, ctx.l) { form.fill(f.id, with: f.value) }
        return .status(ctx.l.t(.obligationsPresetFilled, ctx.l.t(preset.label)), .success)
    }

    /// The regime as the form says it; nil (with the field's error shown) when a date does not read.
    private func read() -> ReportRegime? {
        let l = ctx.l
        var r = regime
        r.owed = Set(ReportRegime.kinds.filter { form["owe." + $0.rawValue] == l.t(.yes) })
        r.deadlines.monthDay = Formats.parseInt(form["monthDay"]) ?? r.deadlines.monthDay
        r.deadlines.quarterDay = Formats.parseInt(form["quarterDay"]) ?? r.deadlines.quarterDay
        for (id, keyPath) in [("half", \ReportDeadlines.halfYear), ("year", \ReportDeadlines.year)] {
            guard let v = ReportDeadlines.mmdd(form[id]) else {
                form.setError(l.t(.oblBadDate, l.t(id == "half" ? .fieldHalfDue : .fieldYearDue), form[id]), field: id)
                return nil
            }
            r.deadlines[keyPath: keyPath] = v
        }
        r.closing = ReportClosing.allCases.first { l.t($0.label) == form["closing"] } ?? .calendar
        r.dueSoonDays = Formats.parseInt(form["dueSoon"]) ?? r.dueSoonDays
        r.recipients = ReportRecipient.typed(lines: form["recipients"])
        return r
    }

    override func submit() -> ScreenOutcome {
        guard let r = read() else { return .none }
        return save(done: ctx.l.t(.obligationsSaved)) { try ctx.store.setReportRegime(r, by: try ctx.account()) }
    }
}

/// `g` on a final report: the day it went, its dispatch number and where to, as recorded.
final class MarkSentScreen: FormScreen {
    private let report: WardCaseReports.Report

    init(ctx: AppContext, report: WardCaseReports.Report) {
        self.report = report
        let l = ctx.l, rules = FieldRules(l: l)
        let recipients = ctx.read(or: []) { try ctx.store.reportRegime().recipients }
        super.init(ctx: ctx, title: l.t(.markSentTitle, report.period.title(l)), intro: "", fields: [
            FormField(id: "on", label: l.t(.fieldSentOn), kind: .date, required: true, value: ctx.store.today.vietnamese, validator: rules.date),
            FormField(id: "number", label: l.t(.fieldSentNumber), kind: .text(maxLength: 60), value: report.number),
            FormField(id: "recipients", label: l.t(.fieldRecipients), kind: .multiline(maxLength: 1000, rows: 4),
                      value: recipients.map(\.typed).joined(separator: "\n")),
        ], cancellable: true)
    }

    override var hasUnsavedChanges: Bool { false }

    override func submit() -> ScreenOutcome {
        guard let id = report.id, let day = Formats.Day(vietnamese: form["on"]) else { return .none }
        let to = ReportRecipient.typed(lines: form["recipients"])
        return save(done: ctx.l.t(.reportMarkedSent)) {
            try ctx.store.markReportSent(reportId: id, on: day, to: to, number: form["number"], by: try ctx.account())
        }
    }
}

/// `p` on the report list: this year's plan (its title, number and date) and a target for each
/// figure it sets one for, started from last year's. Empty means no target.
final class PlanScreen: FormScreen {
    private let year: Int
    private var ids: [String] = []

    init(ctx: AppContext, year: Int) {
        self.year = year
        let l = ctx.l, rules = FieldRules(l: l)
        let plan = ctx.read { try ctx.store.draftPlan(year: year) } ?? AnnualPlan(year: year)
        let figures = ReportPeriod.year(year).flatMap { p in ctx.read { try ctx.store.reportFigures(p, language: l.language) } }
        // Every headline figure and every percentage can have a target.
        let plannable = (figures?.all ?? []).filter { !$0.detail || $0.unit == .percent }
        var fields = [
            FormField(id: "title", label: l.t(.fieldPlanTitle), kind: .text(maxLength: 200), value: plan.title),
            FormField(id: "number", label: l.t(.fieldPlanNumber), kind: .text(maxLength: 60), value: plan.number),
            FormField(id: "date", label: l.t(.fieldPlanDate), kind: .date, value: plan.date?.vietnamese ?? "", validator: rules.date),
        ]
        for f in plannable {
            fields.append(FormField(id: "target." + f.id, label: f.labelText(l) + (f.unit == .percent ? " (%)" : ""), kind: .number,
                                    value: plan.targets[f.id].map(String.init) ?? "", validator: rules.number))
        }
        ids = plannable.map(\.id)
        super.init(ctx: ctx, title: l.t(.planTitle, year), intro: l.t(.planIntro), fields: fields, cancellable: true)
    }

    override func submit() -> ScreenOutcome {
        var plan = AnnualPlan(year: year, title: form["title"], number: form["number"], date: Formats.Day(vietnamese: form["date"]))
        for id in ids { if let n = Formats.parseInt(form["target." + id]) { plan.targets[id] = Int64(n) } }
        return save(done: ctx.l.t(.planSaved, year)) { try ctx.store.saveAnnualPlan(plan, by: try ctx.account()) }
    }
}
