import TerminalKit
import WardCaseCore
import WardCaseExport

/// Cơ sở: the ward's register of establishments, sortable, filtered as you type.
final class EstablishmentListScreen: ListScreen<EstablishmentQuery, EstablishmentRow> {
    /// Which query order each column sorts by.
    private let sortKeys: [EstablishmentQuery.Sort?] = [.name, .type, .group, .risk, .lastInspection, .status]

    init(ctx: AppContext) {
        let store = ctx.store, l = ctx.l
        var query = EstablishmentQuery(language: l.language)
        query.today = store.today
        let source = PagedSource<EstablishmentQuery, EstablishmentRow>(
            query: query,
            count: { try store.countEstablishments($0) },
            fetch: { try store.establishments($0, offset: $1.lowerBound, limit: $1.count) },
            cells: { r in
                let e = r.establishment
                return [e.name, r.typeName, VietText.shortGroup(e.residentialGroup), l.t(e.riskLevel.label),
                        r.lastInspection?.vietnamese ?? l.t(.notInspected), l.t(e.status.label)]
            },
            describe: ctx.message(for:))
        super.init(ctx: ctx, source: source, filter: \.filter)
        table.sortColumn = 0
    }

    /// Every establishment on the register, whatever the filters.
    private var total: Int {
        source.count(of: EstablishmentQuery(language: ctx.l.language))
    }

    override var columns: [TableColumn] {
        let l = ctx.l
        return [
            TableColumn(l.t(.colName), minWidth: 18, weight: 3),
            TableColumn(l.t(.colType), minWidth: 12, weight: 1),
            TableColumn(l.t(.colGroupShort), minWidth: 7),
            TableColumn(l.t(.colRisk), minWidth: 10),
            TableColumn(l.t(.colLastInspection), minWidth: 11, weight: 1),
            TableColumn(l.t(.colStatus), minWidth: 14),
        ]
    }

    override var emptyText: String { source.query.filter.isEmpty ? ctx.l.t(.listEmpty) : ctx.l.t(.listNoMatch) }

    override func headerLines() -> [(String, Style)] {
        let l = ctx.l, q = source.query, count = source.rowCount
        var countLine = q.filter.isEmpty && !q.hasQuickFilters ? l.t(.establishmentCount, count)
            : q.filter.isEmpty ? l.t(.establishmentCountOf, count, total)
            : l.t(.establishmentCountFiltered, count, total, q.filter)
        var notInspected = q
        notInspected.notInspectedThisYear = true
        countLine += " · " + l.t(.notInspectedCount, source.count(of: notInspected), q.today.year)
        var lines = [(countLine, Style(bold: true))]
        if q.hasQuickFilters { lines.append((l.t(.quickFilterOn, quickFilterSummary), .hint)) }
        return lines
    }

    override var ownActions: [Action] { Actions.sorting + Actions.establishments }

    /// Esc clears the typed filter first, then the quick filters.
    override func perform(_ action: ActionID) -> ScreenOutcome {
        if action == .clearFilter, !filtering, source.query.filter.isEmpty, source.query.hasQuickFilters {
            var fresh = EstablishmentQuery(sort: source.query.sort, ascending: source.query.ascending, language: ctx.l.language)
            fresh.today = source.query.today
            source.query = fresh
            reset()
            return .none
        }
        return super.perform(action)
    }

    override func perform(own action: ActionID) -> ScreenOutcome {
        switch action {
        case .sortNext:
            var next = table.sortColumn
            repeat { next = (next + 1) % sortKeys.count } while sortKeys[next] == nil
            sort(by: next, ascending: true)
        case .sortReverse: sort(by: table.sortColumn, ascending: !table.ascending)
        case .quickFilter:
            return .push(QuickFilterScreen(ctx: ctx, query: source.query) { [weak self] q in
                self?.source.query = q
                self?.reset()
            })
        case .newRecord: return .push(EstablishmentFormScreen(ctx: ctx, editing: nil))
        case .editRecord:
            guard let row = selectedRow else { return .none }
            return .push(EstablishmentFormScreen(ctx: ctx, editing: row.establishment))
        case .export:
            let query = source.query, l = ctx.l, store = ctx.store
            return .push(ExportScreen.list(ctx: ctx, baseName: "co-so", shape: EstablishmentExport.shape(l),
                                           heading: ListHeading.of(store, l.t(.tabEstablishments)),
                                           total: { try store.countEstablishments(query) }, each: { try store.eachEstablishment(query, $0) }))
        case .importFile: return .push(ImportScreen(ctx: ctx))
        case .importHistory: return .push(ImportHistoryScreen(ctx: ctx))
        case .archive:
            guard let row = selectedRow else { return .none }
            let l = ctx.l, e = row.establishment
            return .confirm(Dialog.confirm(title: l.t(.actArchive), message: l.t(.confirmArchive, e.name), yes: l.t(.actArchive), no: l.t(.no))) { [ctx] in
                do {
                    var archived = e
                    archived.archived = true
                    try ctx.store.updateEstablishment(archived, original: e, by: try ctx.account())
                    return .status(l.t(.archived, e.name), .success)
                } catch {
                    return .status(ctx.message(for: error), .error)
                }
            }
        default: break
        }
        return .none
    }

    /// Opened from the overview: licences expiring within 30 days.
    func showExpiringLicences() {
        source.query.licenceExpiringWithin = 30
        reset()
    }

    /// A residential group's establishments under management not inspected this year (Enter on
    /// the coverage by group).
    func showNotInspected(group: String) {
        source.query.residentialGroup = group
        source.query.notInspectedThisYear = true
        reset()
    }

    override func open(_ row: EstablishmentRow) -> ScreenOutcome { .push(EstablishmentDetailScreen(ctx: ctx, row: row)) }

    override func headerClicked(_ column: Int) {
        guard sortKeys.indices.contains(column), sortKeys[column] != nil else { return }
        sort(by: column, ascending: column == table.sortColumn ? !table.ascending : true)
    }

    /// "Karaoke · Cao · chưa ký cam kết"
    private var quickFilterSummary: String {
        let q = source.query, l = ctx.l
        var parts: [String] = []
        if let t = q.typeId, let type = (ctx.read { try ctx.store.establishmentTypes() })?.first(where: { $0.id == t }) { parts.append(type.name(l.language)) }
        if let r = q.risk { parts.append(l.t(r.label)) }
        if let s = q.status { parts.append(l.t(s.label)) }
        if let g = q.residentialGroup { parts.append(g.isEmpty ? "—" : g) }
        if q.notInspectedThisYear { parts.append(l.t(.filterNotInspected)) }
        if q.licenceExpiringWithin != nil { parts.append(l.t(.filterExpiring)) }
        if q.noCommitment { parts.append(l.t(.filterNoCommitment)) }
        return parts.joined(separator: " · ")
    }

    private func sort(by column: Int, ascending: Bool) {
        guard let key = sortKeys[column] else { return }
        table.sortColumn = column
        table.ascending = ascending
        source.query.sort = key
        source.query.ascending = ascending
        reset()
    }
}
