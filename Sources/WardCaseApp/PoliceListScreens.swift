import Foundation
import TerminalKit
import WardCaseCore
import WardCaseExport

/// `d` on the case list: the police's lists of people sanctioned for selling sex, as counts
/// (everyone who sees the support section); `i` imports one (a case worker with the key).
final class PoliceListsScreen: TableScreen {
    private var lists: [PoliceListSummary] = []
    private var figures: PoliceListFigures?

    override init(ctx: AppContext) {
        super.init(ctx: ctx)
        reload()
    }

    override func reload() {
        let today = ctx.store.today
        lists = ctx.session.map { me in load { try ctx.store.policeLists(by: me) } } ?? []
        if let start = Formats.Day(year: today.year, month: 1, day: 1) {
            figures = ctx.read { try ctx.store.policeListFigures(from: start, to: today) }
        }
        source.rows = lists.map { p in
            [String(p.id), p.receivedOn.vietnamese, p.reference, String(p.people), String(p.opened), String(p.linked),
             String(p.reached), String(p.supported)]
        }
    }

    override var title: String { ctx.l.t(.policeListsTitle) }
    /// This year's people on the lists, each once.
    override var subtitle: String {
        let f = figures ?? PoliceListFigures()
        return ctx.l.t(.policeFiguresLine, ctx.store.today.year, f.people, f.reached, f.supported)
    }
    override var emptyText: String { ctx.l.t(.policeListsNone) }
    override var columns: [TableColumn] {
        let l = ctx.l
        return [TableColumn(l.t(.colImportNumber), minWidth: 3, alignRight: true), TableColumn(l.t(.colReceivedOn), minWidth: 10, whole: true),
                TableColumn(l.t(.colDispatchNo), minWidth: 14, weight: 1), TableColumn(l.t(.colPeople), minWidth: 5, alignRight: true),
                TableColumn(l.t(.colNewCases), short: l.t(.colNewCasesShort), minWidth: 5, alignRight: true),
                TableColumn(l.t(.colLinkedCases), short: l.t(.colLinkedCasesShort), minWidth: 5, alignRight: true),
                TableColumn(l.t(.colReachedPeople), short: l.t(.colReachedShort), minWidth: 6, alignRight: true),
                TableColumn(l.t(.colSupportedPeople), short: l.t(.colSupportedShort), minWidth: 6, alignRight: true)]
    }
    override var ownActions: [Action] { Actions.policeLists }

    override func perform(own action: ActionID) -> ScreenOutcome {
        guard action == .importFile else { return .none }
        // Without the key open, the passphrase first, then the file.
        if ctx.wardKey == nil { return .sequence([.push(PoliceImportScreen(ctx: ctx)), .push(UnlockScreen(ctx: ctx))]) }
        return .push(PoliceImportScreen(ctx: ctx))
    }
}

/// The file of a police list, the day it was received and its dispatch number; a preview shows
/// what each row becomes before anything is written.
final class PoliceImportScreen: FormScreen {
    init(ctx: AppContext) {
        let l = ctx.l, rules = FieldRules(l: l)
        super.init(ctx: ctx, title: l.t(.policeImportTitle), intro: l.t(.policeImportIntro), fields: [
            FormField(id: "path", label: l.t(.fieldFile), kind: .text(maxLength: 400), required: true),
            FormField(id: "sheet", label: l.t(.fieldSheet), kind: .text(maxLength: 80)),
            FormField(id: "received", label: l.t(.fieldReceivedOn), kind: .date, required: true, value: ctx.store.today.vietnamese,
                      validator: rules.date),
            FormField(id: "reference", label: l.t(.fieldDispatchNo), kind: .text(maxLength: 80)),
        ], cancellable: true)
    }

    override var hasUnsavedChanges: Bool { false }

    override func submit() -> ScreenOutcome {
        let path = (form["path"].trimmingCharacters(in: .whitespaces) as NSString).expandingTildeInPath
        let sheet = form["sheet"].trimmingCharacters(in: .whitespaces)
        guard let received = Formats.Day(vietnamese: form["received"]) else { return .none }
        guard let key = ctx.wardKey else {
            form.setError(ctx.l.t(.errPassphraseNeeded), field: "path")
            return .none
        }
        do {
            let me = try ctx.account()
            let grid = try Spreadsheet.read(path: path, sheet: sheet.isEmpty ? nil : sheet, maxBytes: try ctx.store.setting(.importMaxMB) << 20)
            let plan = try ctx.withProgress(.progressImportRead) {
                try PoliceListImport.plan(grid.textRows, store: ctx.store, key: key, by: me, receivedOn: received, l: ctx.l, progress: $0)
            }
            return ScreenOutcome.pop.then(.push(PoliceImportPreviewScreen(ctx: ctx, path: path, plan: plan, receivedOn: received,
                                                                          reference: form["reference"])))
        } catch {
            form.setError(ctx.message(for: error), field: "path")
            return .none
        }
    }
}

/// What each row of a police list becomes (a new case, or a link to a known one, with the name
/// as the file gives it), before anything is written; Ctrl-S writes it in one transaction.
final class PoliceImportPreviewScreen: Screen {
    private let ctx: AppContext
    private let path: String
    private let plan: PoliceListImport.Plan
    private let receivedOn: Formats.Day
    private let reference: String
    private var scroll = 0

    init(ctx: AppContext, path: String, plan: PoliceListImport.Plan, receivedOn: Formats.Day, reference: String) {
        self.ctx = ctx; self.path = path; self.plan = plan; self.receivedOn = receivedOn; self.reference = reference
    }

    var actions: [Action] {
        [Action(.applyImport, [.ctrl("s"), .function(10)], label: .actImport, help: .helpApplyPoliceList, footer: true, permission: .manageCases)]
            + Actions.preview
    }

    func render(into buf: inout Buffer, area: Rect) {
        let l = ctx.l
        buf.put(l.t(.importPreviewTitle, path), x: area.x, y: area.y, style: Style(bold: true), maxWidth: area.width)
        buf.put(l.t(.policePreviewReceived, receivedOn.vietnamese, reference.isEmpty ? "—" : reference), x: area.x, y: area.y + 1,
                style: .hint, maxWidth: area.width)
        // What it comes to first, then row by row.
        buf.put(l.t(.policeSummary, plan.opened, plan.linked, plan.rejected), x: area.x, y: area.y + 2, style: Style(bold: true), maxWidth: area.width)
        drawPreview(Array(plan.reportLines(l, names: true).dropLast()), into: &buf,
                    area: Rect(x: area.x, y: area.y + 3, width: area.width, height: area.height - 3), scroll: &scroll)
    }

    func perform(_ action: ActionID) -> ScreenOutcome {
        switch action {
        case .cancel: return .pop
        case .down: scroll += 1
        case .up: scroll = max(0, scroll - 1)
        case .applyImport:
            guard let key = ctx.wardKey else { return .status(ctx.l.t(.errPassphraseNeeded), .error) }
            do {
                let plan = self.plan, receivedOn = self.receivedOn, reference = self.reference
                let done = try ctx.withProgress(.progressImportWrite) {
                    try ctx.store.apply(plan, receivedOn: receivedOn, reference: reference, key: key, by: try ctx.account(), progress: $0)
                }
                return ScreenOutcome.status(ctx.l.t(.policeImported, done.id, done.opened, done.linked, plan.rejected), .success).then(.pop)
            } catch {
                return .status(ctx.message(for: error), .error)
            }
        default: break
        }
        return .none
    }
}
