import TerminalKit

/// One list on screen, whoever draws it: the selection and scroll, the layout of the last frame,
/// and what the movement keys, the page keys and the mouse do to it. Every list holds one, so
/// every list moves, pages (by the rows it shows, not a fixed ten) and scrolls the same way.
@dynamicMemberLookup
struct TableController {
    var state = TableState()

    /// `selected`, `offset`, `sortColumn`, `ascending`: the state's own.
    subscript<T>(dynamicMember path: WritableKeyPath<TableState, T>) -> T {
        get { state[keyPath: path] }
        set { state[keyPath: path] = newValue }
    }
    private(set) var layout: TableView.Layout?

    /// The rows the last frame showed; ten before the first frame.
    var pageSize: Int { layout?.pageSize ?? 10 }

    mutating func render(_ view: TableView, into buf: inout Buffer, area: Rect, source: TableDataSource) {
        layout = view.render(into: &buf, area: area, state: &state, source: source)
    }

    /// Up, down, PgUp, PgDn, Home and End: true when `id` was one of them.
    mutating func move(_ id: ActionID, count: Int) -> Bool { Actions.move(id, &state, count: count, page: pageSize) }

    mutating func select(_ row: Int, count: Int) { state.select(row, count: count, page: pageSize) }

    enum Click: Equatable { case none, selected, again, header(Int) }

    /// The wheel scrolls three rows; a click selects a row, or is on the row already selected
    /// (`again`: open it), or on a column title.
    mutating func mouse(_ event: MouseEvent, count: Int) -> Click {
        guard let layout else { return .none }
        switch event.kind {
        case .wheelUp: state.scroll(by: -3, count: count, page: layout.pageSize)
        case .wheelDown: state.scroll(by: 3, count: count, page: layout.pageSize)
        case .click:
            if event.y == layout.headerY, let c = layout.column(atX: event.x) { return .header(c) }
            guard let row = layout.row(atY: event.y, offset: state.offset, count: count) else { return .none }
            if row == state.selected { return .again }
            state.select(row, count: count, page: layout.pageSize)
            return .selected
        }
        return .none
    }
}
