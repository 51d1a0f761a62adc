import Foundation
import TerminalKit
import WardCaseCore
import WardCaseExport

/// A file a screen can write.
enum ExportFormat: String, CaseIterable {
    case xlsx, csv, docx, txt, md, pdf
    var label: String { rawValue.uppercased() }
}

/// `x` on a list (or `w` on a record): choose a format and a file; writes what is shown, with
/// the same filters and order. `produce` makes the bytes and says how many rows they hold,
/// counting on the progress box (Esc cancels and no file is written).
final class ExportScreen: FormScreen {
    typealias Produce = (ExportFormat, WorkProgress) throws -> (Data, Int?)
    /// Writes the file at its partial name and says how many rows it holds.
    typealias Write = (ExportFormat, PrivateFile.Partial, WorkProgress) throws -> Int?
    private let formats: [ExportFormat]
    private let write: Write
    /// What the audit trail calls the file's contents ("co-so", "bien-ban-12").
    private let what: String
    /// The person said yes to writing over the file that is there.
    private var replacing = false

    /// `dated`: today's date goes into the suggested name (not for a name that carries its own
    /// period, as a report's does: "bao-cao-2026-11.xlsx").
    convenience init(ctx: AppContext, title: String? = nil, baseName: String, dated: Bool = true, formats: [ExportFormat], produce: @escaping Produce) {
        self.init(ctx: ctx, title: title, baseName: baseName, dated: dated, formats: formats) { format, file, progress in
            let (data, count) = try produce(format, progress)
            try file.write(data)
            return count
        }
    }

    /// A list written as it is read: `each` hands over the rows in the list's order, and each is
    /// in the file before the next is read, so a year of visits exports in the memory of one.
    static func list<Row>(ctx: AppContext, baseName: String, shape: ListShape<Row>, heading: String, total: @escaping () throws -> Int,
                          each: @escaping (_ body: (Row) throws -> Void) throws -> Void) -> ExportScreen {
        ExportScreen(ctx: ctx, title: ctx.l.t(.exportListTitle, shape.sheetName), baseName: baseName, formats: [.xlsx, .csv]) { format, file, progress in
            try ListStream.write(shape, format: format == .csv ? .csv : .xlsx, into: file, heading: heading, l: ctx.l,
                                 progress: progress, total: total, each: each)
        }
    }

    init(ctx: AppContext, title: String? = nil, baseName: String, dated: Bool = true, formats: [ExportFormat], write: @escaping Write) {
        self.formats = formats
        self.write = write
        what = baseName
        let l = ctx.l
        // A custom period's dates carry slashes: never folders in a file's name.
        let name = baseName.replacingOccurrences(of: "/", with: "-") + (dated ? "-" + ctx.store.today.iso : "") + "." + formats[0].rawValue
        let home = ProcessInfo.processInfo.environment["HOME"] ?? FileManager.default.currentDirectoryPath
        var fields = [FormField(id: "path", label: l.t(.fieldFile), kind: .text(maxLength: 400), required: true, value: home + "/" + name)]
        if formats.count > 1 {
            fields.insert(FormField(id: "format", label: l.t(.fieldFormat), kind: .choice(formats.map(\.label))), at: 0)
        }
        super.init(ctx: ctx, title: title ?? l.t(.exportTitle), intro: "", fields: fields, cancellable: true)
    }

    override var hasUnsavedChanges: Bool { false }

    /// The suggested file's extension follows the format as it is chosen.
    override func changed(_ id: String) {
        guard id == "format", let format = formats.first(where: { $0.label == form["format"] }),
              let i = form.fields.firstIndex(where: { $0.id == "path" }) else { return }
        let path = form.fields[i].value
        let ext = (path as NSString).pathExtension.lowercased()
        guard ext != format.rawValue, formats.contains(where: { $0.rawValue == ext }) else { return }
        form.fields[i].setValue((path as NSString).deletingPathExtension + "." + format.rawValue)
    }


    override func submit() -> ScreenOutcome {
        let l = ctx.l
        let format = formats.first { $0.label == form["format"] } ?? formats[0]
        var path = (form["path"] as NSString).expandingTildeInPath
        // The extension follows the chosen format.
        if (path as NSString).pathExtension.lowercased() != format.rawValue {
            path = (path as NSString).deletingPathExtension + "." + format.rawValue
        }
        // An existing file is replaced only after asking.
        if !replacing, PrivateFile.exists(path) {
            return .confirm(Dialog.confirm(title: l.t(.replaceFileTitle), message: l.t(.replaceFileAsk, path),
                                           yes: l.t(.replaceFileYes), no: l.t(.replaceFileNo)), onConfirm: { [weak self] in
                guard let self else { return .none }
                replacing = true
                defer { replacing = false }
                return submit()
            })
        }
        do {
            // Under a partial name until the last row is in: Esc leaves no file behind.
            let count = try ctx.withProgress(.progressExport) { progress in
                try PrivateFile.stream(to: path, replace: replacing) { try write(format, $0, progress) }
            }
            // Every file that leaves the app is in the audit trail: what and how many rows, not the rows.
            try ctx.store.recordListExport(what, rows: count ?? 1, format: format.rawValue, by: try ctx.account())
            let done = count.map { l.t(.exportDone, $0, path) } ?? l.t(.fileWritten, path)
            return ScreenOutcome.status(done, .success).then(.pop)
        } catch let e as WardError {
            return .status(e.message(l), .error)
        } catch {
            return .status(WardError.unreadableFile(path: path, reason: (error as NSError).localizedDescription).message(l), .error)
        }
    }
}

/// `i` on the list: choose a file; a preview shows every row's fate before anything is written.
final class ImportScreen: FormScreen {
    init(ctx: AppContext) {
        let l = ctx.l
        super.init(ctx: ctx, title: l.t(.importTitle), intro: "", fields: [
            FormField(id: "path", label: l.t(.fieldFile), kind: .text(maxLength: 400), required: true),
            FormField(id: "sheet", label: l.t(.fieldSheet), kind: .text(maxLength: 80)),
        ], cancellable: true)
    }

    override var hasUnsavedChanges: Bool { false }

    override func submit() -> ScreenOutcome {
        let path = (form["path"].trimmingCharacters(in: .whitespaces) as NSString).expandingTildeInPath
        let sheet = form["sheet"].trimmingCharacters(in: .whitespaces)
        do {
            let grid = try Spreadsheet.read(path: path, sheet: sheet.isEmpty ? nil : sheet, maxBytes: try ctx.store.setting(.importMaxMB) << 20)
            let plan = try ctx.withProgress(.progressImportRead) {
                try EstablishmentImport.plan(grid.textRows, store: ctx.store, l: ctx.l, progress: $0)
            }
            return ScreenOutcome.pop.then(.push(ImportPreviewScreen(ctx: ctx, path: path, rows: grid.textRows, plan: plan)))
        } catch {
            form.setError(ctx.message(for: error), field: "path")
            return .none
        }
    }
}

/// What an import would do, row by row, each field an update changes; `e` switches what an
/// empty cell does to a record being updated (keep, by default, or clear); Ctrl-S writes it in
/// one transaction.
final class ImportPreviewScreen: Screen {
    private let ctx: AppContext
    private let path: String
    private let rows: [[String]]
    private var plan: EstablishmentImport.Plan
    private var clearEmpty = false
    private var scroll = 0

    init(ctx: AppContext, path: String, rows: [[String]], plan: EstablishmentImport.Plan) {
        self.ctx = ctx; self.path = path; self.rows = rows; self.plan = plan
    }

    var actions: [Action] {
        [Action(.applyImport, [.ctrl("s"), .function(10)], label: .actImport, help: .helpApplyImport, footer: true,
                permission: .registerEstablishments),
         Action(.toggleClearEmpty, [.char("e")], label: .actClearEmpty, help: .helpClearEmpty, footer: true)] + Actions.preview
    }

    func render(into buf: inout Buffer, area: Rect) {
        buf.put(ctx.l.t(.importPreviewTitle, path), x: area.x, y: area.y, style: Style(bold: true), maxWidth: area.width)
        buf.put(ctx.l.t(clearEmpty ? .importEmptyClears : .importEmptyKeeps), x: area.x, y: area.y + 1, style: .hint, maxWidth: area.width)
        drawPreview(plan.reportLines(ctx.l), into: &buf, area: Rect(x: area.x, y: area.y + 2, width: area.width, height: area.height - 2),
                    scroll: &scroll)
    }

    func perform(_ action: ActionID) -> ScreenOutcome {
        switch action {
        case .cancel: return .pop
        case .down: scroll += 1
        case .up: scroll = max(0, scroll - 1)
        case .toggleClearEmpty:
            do {
                let rows = self.rows, store = ctx.store, l = ctx.l, clear = !clearEmpty
                plan = try ctx.withProgress(.progressImportRead) { try EstablishmentImport.plan(rows, store: store, clearEmpty: clear, l: l, progress: $0) }
                clearEmpty = clear
            } catch {
                return .status(ctx.message(for: error), .error)
            }
        case .applyImport:
            do {
                let plan = self.plan
                let applied = try ctx.withProgress(.progressImportWrite) { try ctx.store.apply(plan, strict: false, by: try ctx.account(), progress: $0) }
                let meanwhile = applied.changedMeanwhile
                let done = ctx.l.t(.importDone, plan.added, plan.updated - meanwhile.count, plan.rejected)
                    + (applied.batch.map { " " + ctx.l.t(.importBatchDoneApp, $0) } ?? "")
                    + (meanwhile.isEmpty ? "" : " " + ctx.l.t(.importChangedMeanwhile, meanwhile.map(String.init).joined(separator: ", ")))
                return ScreenOutcome.status(done, meanwhile.isEmpty ? .success : .error).then(.pop)
            } catch {
                return .status(ctx.message(for: error), .error)
            }
        default: break
        }
        return .none
    }
}


/// An import's preview lines, each wrapped to the width (an indented line stays indented), the
/// rows left out in the error style; `scroll` is kept within the lines.
func drawPreview(_ lines: [(text: String, rejected: Bool)], into buf: inout Buffer, area: Rect, scroll: inout Int) {
    let wrapped = lines.flatMap { line in
        let indent = String(line.text.prefix { $0 == " " })
        return TextWidth.wrap(String(line.text.dropFirst(indent.count)), width: area.width - indent.count)
            .map { (indent + $0, line.rejected ? Style.error : Style.plain) }
    }
    scroll = min(scroll, max(0, wrapped.count - area.height))
    for (i, line) in wrapped.dropFirst(scroll).prefix(area.height).enumerated() {
        buf.put(line.0, x: area.x, y: area.y + i, style: line.1, maxWidth: area.width)
    }
}

/// The imports made (`I` in the register): number, when, who, how many added and updated; `u`
/// takes the selected one back after asking, unless a record was changed since.
final class ImportHistoryScreen: TableScreen {
    private var batches: [ImportBatch] = []

    override init(ctx: AppContext) {
        super.init(ctx: ctx)
        reload()
    }

    override func reload() {
        let l = ctx.l
        batches = ctx.session.map { me in load { try ctx.store.importBatches(by: me) } } ?? []
        source.rows = batches.map { b in
            [String(b.id), Timestamp.parse(b.at).map(Timestamp.display) ?? b.at, b.actor, String(b.added), String(b.updated),
             b.undoneAt == nil ? "" : l.t(.importUndoneMark)]
        }
    }

    override var title: String { ctx.l.t(.importHistoryTitle) }
    override var emptyText: String { ctx.l.t(.importBatchesNone) }
    override var columns: [TableColumn] {
        let l = ctx.l
        return [TableColumn(l.t(.colImportNumber), minWidth: 4, alignRight: true), TableColumn(l.t(.colTime), minWidth: 16, whole: true),
                TableColumn(l.t(.colActor), minWidth: 10, weight: 1), TableColumn(l.t(.colAdded), minWidth: 6, alignRight: true),
                TableColumn(l.t(.colUpdated), minWidth: 8, alignRight: true), TableColumn(l.t(.colStatus), minWidth: 12)]
    }
    override var ownActions: [Action] { Actions.importHistory }

    override func perform(own action: ActionID) -> ScreenOutcome {
        guard action == .undoImport, table.selected < batches.count else { return .none }
        let b = batches[table.selected], l = ctx.l
        if b.undoneAt != nil { return .status(l.t(.errImportBatchUndone, b.id), .error) }
        let dialog = Dialog.confirm(title: l.t(.importUndoTitle, b.id), message: l.t(.importUndoAsk, b.added, b.updated),
                                    yes: l.t(.importUndoYes), no: l.t(.actCancel))
        return .confirm(dialog) { [ctx] in
            do {
                try ctx.store.undoImport(b.id, by: try ctx.account())
                return .status(l.t(.importUndone, b.id), .success)
            } catch {
                return .status(ctx.message(for: error), .error)
            }
        }
    }
}
