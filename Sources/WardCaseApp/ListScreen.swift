import TerminalKit
import WardCaseCore

/// What every paged list in the Kiểm tra section shares: lines above the table, the table with
/// the window on screen, a filter typed at the bottom, movement, mouse and refresh. Subclasses
/// give the columns, the lines above and their own actions.
class ListScreen<Query: Equatable, Row>: Screen {
    let ctx: AppContext
    let source: PagedSource<Query, Row>
    var table = TableController()
    private(set) var filtering = false
    /// Where the typed filter lives in the query; nil for lists without one.
    private let filterPath: WritableKeyPath<Query, String>?

    init(ctx: AppContext, source: PagedSource<Query, Row>, filter: WritableKeyPath<Query, String>?) {
        self.ctx = ctx
        self.source = source
        self.filterPath = filter
    }

    // MARK: For subclasses

    var columns: [TableColumn] { [] }
    var emptyText: String { ctx.l.t(.listEmpty) }
    /// Lines above the table (a count, a coverage figure, the views).
    func headerLines() -> [(String, Style)] { [] }
    /// The screen's own actions besides movement and the filter.
    var ownActions: [Action] { [] }
    func perform(own action: ActionID) -> ScreenOutcome { .none }
    func open(_ row: Row) -> ScreenOutcome { .none }
    /// A click on a column title (sortable lists sort by it).
    func headerClicked(_ column: Int) {}

    var selectedRow: Row? { source.row(at: table.selected) }

    func reset() { table.select(0, count: source.rowCount) }

    // MARK: Screen

    var actions: [Action] {
        if filtering { return Actions.filterInput }
        var list = Actions.movement + [Action(.open, [.enter], label: .actOpen, help: .helpOpen, footer: true)]
        if filterPath != nil {
            list += [Action(.filter, [.char("/")], label: .actFilter, help: .helpFilter, footer: true),
                     Action(.clearFilter, [.escape], label: .actClearFilter, help: .helpClearFilter)]
        }
        return list + ownActions
    }

    var capturesText: Bool { filtering }

    var pageSize: Int { table.pageSize }

    func render(into buf: inout Buffer, area: Rect) {
        var rest = area
        for (i, (text, style)) in headerLines().enumerated() {
            let (line, r) = rest.takeTop(1)
            rest = r
            // The first line leaves room on the right for the position ("21-40/152").
            buf.put(text, x: line.x, y: line.y, style: style, maxWidth: i == 0 ? line.width - 12 : line.width)
        }
        if let path = filterPath, filtering || !source.query[keyPath: path].isEmpty {
            let (t, bar) = rest.takeBottom(1)
            rest = t
            let used = buf.put(ctx.l.t(.filterPrompt) + source.query[keyPath: path], x: bar.x, y: bar.y,
                               style: filtering ? Style(bold: true) : .hint, maxWidth: bar.width)
            if filtering { buf.cursor = (bar.x + used, bar.y) }
        }
        // Counted first, so that a read that failed says why in the list's place, never "none yet".
        let count = source.rowCount
        let failure = source.lastError
        table.render(TableView(columns: columns, emptyText: failure ?? emptyText), into: &buf, area: rest, source: source)
        // The position from this frame's layout, so that it is right after a resize and on the first draw.
        if let layout = table.layout, source.rowCount > layout.pageSize {
            let last = min(source.rowCount, table.offset + layout.pageSize)
            let pos = "\(table.offset + 1)-\(last)/\(source.rowCount)"
            buf.put(pos, x: area.maxX - TextWidth.of(pos), y: area.y, style: .muted)
        }
        if let err = source.lastError, count > 0 || failure == nil {
            buf.put(err, x: area.x, y: area.maxY - 1, style: .error, maxWidth: area.width)
        }
    }

    func perform(_ action: ActionID) -> ScreenOutcome {
        if table.move(action, count: source.rowCount) { return .none }
        switch action {
        case .filter: filtering = true
        case .filterDone: filtering = false
        case .clearFilter:
            filtering = false
            setFilter("")
        case .open:
            guard let row = selectedRow else { return .none }
            return open(row)
        default: return perform(own: action)
        }
        return .none
    }

    func input(_ key: Key) -> ScreenOutcome {
        guard let path = filterPath else { return .none }
        var f = source.query[keyPath: path]
        switch key {
        case .backspace: if !f.isEmpty { f.removeLast() }
        case .ctrl("u"): f = ""                          // as in a form: the whole line
        case .char(let c): f.append(c)
        default: return .none
        }
        setFilter(f)
        return .none
    }

    private func setFilter(_ text: String) {
        guard let path = filterPath else { return }
        source.query[keyPath: path] = text
        filterChanged()
        reset()
    }

    /// The typed filter changed (a list may widen what it matches).
    func filterChanged() {}

    /// The idle lock came down: a list holding anything decrypted forgets it.
    func locked() {}

    func mouse(_ event: MouseEvent) -> ScreenOutcome {
        switch table.mouse(event, count: source.rowCount) {
        case .again: return perform(.open)
        case .header(let column): headerClicked(column)
        case .none, .selected: break
        }
        return .none
    }

    func dataChanged() { source.invalidate() }
}

/// "⚠ 12/11/2026": a date that needs attention, readable without colour.
func alertDate(_ day: Formats.Day?, overdue: Bool) -> String {
    guard let day else { return "" }
    return overdue ? "⚠ " + day.vietnamese : day.vietnamese
}

/// The views of a list in one line, the shown one in brackets with its count:
/// "[Tất cả 152] · Chờ tôi duyệt 3 · Quá hạn hậu kiểm 2".
func viewTabs<View: CaseIterable & Equatable>(_ current: View, label: (View) -> String, count: (View) -> Int) -> String {
    View.allCases.map { v in
        let text = "\(label(v)) \(count(v))"
        return v == current ? "[\(text)]" : text
    }.joined(separator: " · ")
}

/// The view after `current`, round to the first.
func nextView<View: CaseIterable & Equatable>(_ current: View) -> View where View.AllCases == [View] {
    let all = View.allCases
    return all[((all.firstIndex(of: current) ?? 0) + 1) % all.count]
}

/// A short list held in memory under a title (plans, providers, activities): the rows are
/// rebuilt when the data changes, movement and q are handled here, the rest by the subclass.
class TableScreen: Screen {
    let ctx: AppContext
    var table = TableController()
    let source = ArrayTableSource()

    init(ctx: AppContext) {
        self.ctx = ctx
    }

    // MARK: For subclasses

    var title: String { "" }
    /// A line under the title (the blank line there when empty).
    var subtitle: String { "" }
    var columns: [TableColumn] { [] }
    var emptyText: String { "" }
    var ownActions: [Action] { [] }
    /// Rebuilds `source.rows` from the store.
    func reload() {}
    /// Why the rows could not be read, drawn in the list's place; nil when they were.
    private(set) var failure: String?

    /// Reads the rows for `reload`: an error is kept as `failure`, never taken for an empty list.
    func load<T>(_ read: () throws -> [T]) -> [T] {
        let loaded = ctx.load(read)
        failure = loaded.failure
        return loaded.value ?? []
    }
    func perform(own action: ActionID) -> ScreenOutcome { .none }

    // MARK: Screen

    var actions: [Action] { Actions.detail + Actions.movement + ownActions }

    func dataChanged() { reload() }

    func render(into buf: inout Buffer, area: Rect) {
        buf.put(title, x: area.x, y: area.y, style: Style(bold: true), maxWidth: area.width)
        buf.put(subtitle, x: area.x, y: area.y + 1, style: .hint, maxWidth: area.width)
        table.render(TableView(columns: columns, emptyText: failure ?? emptyText), into: &buf, area: Rect(x: area.x, y: area.y + 2, width: area.width, height: area.height - 2), source: source)
    }

    /// A click selects, a second click opens, the wheel scrolls: as in every list.
    func mouse(_ event: MouseEvent) -> ScreenOutcome {
        table.mouse(event, count: source.rowCount) == .again ? perform(.open) : .none
    }

    func perform(_ action: ActionID) -> ScreenOutcome {
        if table.move(action, count: source.rowCount) { return .none }
        return action == .back ? .pop : perform(own: action)
    }
}
