import TerminalKit
import WardCaseCore
import WardCaseExport

/// Cơ sở: the ward's register of establishments, sortable, filtered as you type.
final class EstablishmentListScreen: Screen {
    private let ctx: AppContext
    private let source: PagedSource<EstablishmentQuery, EstablishmentRow>
    private var table = TableState()
    private var filtering = false
    private var layout: TableView.Layout?
    /// Which query order each column sorts by.
    private let sortKeys: [EstablishmentQuery.Sort?] = [.name, .type, .group, .risk, .lastInspection, .status]

    init(ctx: AppContext) {
        self.ctx = ctx
        let store = ctx.store, l = ctx.l
        source = PagedSource(
            query: { var q = EstablishmentQuery(language: l.language); q.today = store.today; return q }(),
            count: { try store.countEstablishments($0) },
            fetch: { try store.establishments($0, offset: $1.lowerBound, limit: $1.count) },
            cells: { r in
                let e = r.establishment
                return [e.name, r.typeName, VietText.shortGroup(e.residentialGroup), l.t(e.riskLevel.label),
                        r.lastInspection?.vietnamese ?? l.t(.notInspected), l.t(e.status.label)]
            },
            describe: ctx.message(for:))
    }

    /// Every establishment on the register, whatever the filters.
    private var total: Int {
        source.count(of: EstablishmentQuery(language: ctx.l.language))
    }

    var actions: [Action] { filtering ? Actions.filterInput : Actions.establishments }
    var capturesText: Bool { filtering }

    private var view: TableView {
        let l = ctx.l
        return TableView(columns: [
            TableColumn(l.t(.colName), minWidth: 18, weight: 3),
            TableColumn(l.t(.colType), minWidth: 12, weight: 1),
            TableColumn(l.t(.colGroupShort), minWidth: 7),
            TableColumn(l.t(.colRisk), minWidth: 10),
            TableColumn(l.t(.colLastInspection), minWidth: 11, weight: 1),
            TableColumn(l.t(.colStatus), minWidth: 14),
        ], emptyText: source.query.filter.isEmpty ? l.t(.listEmpty) : l.t(.listNoMatch))
    }

    private var pageSize: Int { layout?.pageSize ?? 10 }

    func render(into buf: inout Buffer, area: Rect) {
        let (head, rest) = area.takeTop(1)
        let count = source.rowCount
        var countLine = source.query.filter.isEmpty && !source.query.hasQuickFilters
            ? ctx.l.t(.establishmentCount, count)
            : ctx.l.t(.establishmentCountFiltered, count, total, source.query.filter)
        var notInspected = source.query
        notInspected.notInspectedThisYear = true
        countLine += " · " + ctx.l.t(.notInspectedCount, source.count(of: notInspected), source.query.today.year)
        buf.put(countLine, x: head.x, y: head.y, style: Style(bold: true), maxWidth: head.width - 12)
        if let layout, count > layout.pageSize {
            let last = min(count, table.offset + layout.pageSize)
            let pos = "\(table.offset + 1)-\(last)/\(count)"
            buf.put(pos, x: head.maxX - TextWidth.of(pos), y: head.y, style: .muted)
        }
        var tableArea = rest
        if source.query.hasQuickFilters {
            let (bar, t) = tableArea.takeTop(1)
            tableArea = t
            buf.put(ctx.l.t(.quickFilterOn, quickFilterSummary), x: bar.x, y: bar.y, style: .hint, maxWidth: bar.width)
        }
        if filtering || !source.query.filter.isEmpty {
            let (t, bar) = tableArea.takeBottom(1)
            tableArea = t
            let prompt = ctx.l.t(.filterPrompt)
            let used = buf.put(prompt + source.query.filter, x: bar.x, y: bar.y, style: filtering ? Style(bold: true) : .hint,
                               maxWidth: bar.width)
            if filtering { buf.cursor = (bar.x + used, bar.y) }
        }
        layout = view.render(into: &buf, area: tableArea, state: &table, source: source)
        if let err = source.lastError {
            buf.put(err, x: area.x, y: area.maxY - 1, style: .error, maxWidth: area.width)
        }
    }

    func perform(_ action: ActionID) -> ScreenOutcome {
        if Actions.move(action, &table, count: source.rowCount, page: pageSize) { return .none }
        switch action {
        case .filter: filtering = true
        case .filterDone: filtering = false
        case .clearFilter:
            filtering = false
            // Esc clears the typed filter first, then the quick filters.
            if source.query.filter.isEmpty && source.query.hasQuickFilters {
                var fresh = EstablishmentQuery(sort: source.query.sort, ascending: source.query.ascending, language: ctx.l.language)
                fresh.today = source.query.today
                source.query = fresh
            }
            setFilter("")
        case .sortNext:
            var next = table.sortColumn
            repeat { next = (next + 1) % sortKeys.count } while sortKeys[next] == nil
            sort(by: next, ascending: true)
        case .sortReverse: sort(by: table.sortColumn, ascending: !table.ascending)
        case .open: return open()
        case .quickFilter:
            return .push(QuickFilterScreen(ctx: ctx, query: source.query) { [weak self] q in
                self?.source.query = q
                self?.table.select(0, count: self?.source.rowCount ?? 0, page: self?.pageSize ?? 10)
            })
        case .newRecord: return .push(EstablishmentFormScreen(ctx: ctx, editing: nil))
        case .editRecord:
            guard let row = source.row(at: table.selected) else { return .none }
            return .push(EstablishmentFormScreen(ctx: ctx, editing: row.establishment))
        case .export:
            let query = source.query, l = ctx.l, store = ctx.store
            return .push(ExportScreen(ctx: ctx, title: l.t(.exportTitle), baseName: "co-so", formats: [.xlsx, .csv]) { format in
                let rows = try store.establishments(query, offset: 0, limit: Int.max)
                return (format == .csv ? EstablishmentExport.csv(rows, l) : try EstablishmentExport.xlsx(rows, l), rows.count)
            })
        case .importFile: return .push(ImportScreen(ctx: ctx))
        case .archive:
            guard let row = source.row(at: table.selected) else { return .none }
            let l = ctx.l, e = row.establishment
            return .confirm(Dialog.confirm(title: l.t(.actArchive), message: l.t(.confirmArchive, e.name), yes: l.t(.actArchive), no: l.t(.no))) { [self] in
                do {
                    var archived = e
                    archived.archived = true
                    try ctx.store.updateEstablishment(archived, original: e, by: ctx.actor)
                    return .status(l.t(.archived, e.name), .success)
                } catch {
                    return .status(ctx.message(for: error), .error)
                }
            }
        default: break
        }
        return .none
    }

    /// "Karaoke · Cao · chưa ký cam kết"
    private var quickFilterSummary: String {
        let q = source.query, l = ctx.l
        var parts: [String] = []
        if let t = q.typeId, let type = (try? ctx.store.establishmentTypes())?.first(where: { $0.id == t }) { parts.append(type.name(l.language)) }
        if let r = q.risk { parts.append(l.t(r.label)) }
        if let s = q.status { parts.append(l.t(s.label)) }
        if q.notInspectedThisYear { parts.append(l.t(.filterNotInspected)) }
        if q.licenceExpiringWithin != nil { parts.append(l.t(.filterExpiring)) }
        if q.noCommitment { parts.append(l.t(.filterNoCommitment)) }
        return parts.joined(separator: " · ")
    }

    func input(_ key: Key) -> ScreenOutcome {
        var f = source.query.filter
        switch key {
        case .backspace: if !f.isEmpty { f.removeLast() }
        case .char(let c): f.append(c)
        default: return .none
        }
        setFilter(f)
        return .none
    }

    func mouse(_ event: MouseEvent) -> ScreenOutcome {
        guard let layout else { return .none }
        let count = source.rowCount
        switch event.kind {
        case .wheelUp: table.scroll(by: -3, count: count, page: layout.pageSize)
        case .wheelDown: table.scroll(by: 3, count: count, page: layout.pageSize)
        case .click:
            if event.y == layout.headerY, let c = layout.column(atX: event.x), sortKeys[c] != nil {
                sort(by: c, ascending: c == table.sortColumn ? !table.ascending : true)
            } else if let row = layout.row(atY: event.y, offset: table.offset, count: count) {
                if row == table.selected { return open() }
                table.select(row, count: count, page: layout.pageSize)
            }
        }
        return .none
    }

    func dataChanged() { source.invalidate() }

    private func setFilter(_ text: String) {
        source.query.filter = text
        table.select(0, count: source.rowCount, page: pageSize)
    }

    private func sort(by column: Int, ascending: Bool) {
        guard let key = sortKeys[column] else { return }
        table.sortColumn = column
        table.ascending = ascending
        source.query.sort = key
        source.query.ascending = ascending
        table.select(0, count: source.rowCount, page: pageSize)
    }

    private func open() -> ScreenOutcome {
        guard let row = source.row(at: table.selected) else { return .none }
        return .push(EstablishmentDetailScreen(ctx: ctx, row: row))
    }
}
