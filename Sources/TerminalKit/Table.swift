/// Where a table gets its rows: it asks only for the window it shows, so a list of
/// thousands of records costs one small query per frame.
public protocol TableDataSource: AnyObject {
    var rowCount: Int { get }
    func cells(in range: Range<Int>) -> [[String]]
    /// Rows that need attention (overdue): drawn in the alert style. The text itself should say
    /// so too (a ⚠ mark), so that it reads without colour.
    func alerts(in range: Range<Int>) -> [Bool]
}

public extension TableDataSource {
    func alerts(in range: Range<Int>) -> [Bool] { Array(repeating: false, count: range.count) }
}

/// A table column: its title and how wide it may be.
public struct TableColumn: Sendable {
    public var title: String
    /// The width its values need.
    public var minWidth: Int
    /// Share of the width left over after every column's minimum; a column with a weight (a
    /// name) is also the first to give way on a narrow screen.
    public var weight: Int
    public var alignRight: Bool
    /// Cut only when nothing else can give way (a date: "10/12…" is no date).
    public var whole: Bool
    /// The title's abbreviation ("CG" for "Chuyển gửi"), shown when the column is too narrow for the title.
    public var short: String?
    public init(_ title: String, short: String? = nil, minWidth: Int, weight: Int = 0, alignRight: Bool = false, whole: Bool = false) {
        self.title = title; self.short = short; self.minWidth = minWidth; self.weight = weight; self.alignRight = alignRight; self.whole = whole
    }

    /// The title for `width` cells: whole, else its abbreviation, else cut with "…".
    func title(fitting width: Int) -> String {
        if TextWidth.of(title) > width, let short, TextWidth.of(short) <= width { return short }
        return TextWidth.truncate(title, to: width)
    }
}

/// The selection, scroll position and sort of one table, kept apart from the widget.
public struct TableState: Equatable, Sendable {
    public var selected = 0
    public var offset = 0
    /// The column the rows are sorted by, shown with ▲ or ▼; -1 (the default): none, the list's own order.
    public var sortColumn = -1
    public var ascending = true
    public init() {}

    /// Moves the selection by `delta` rows within `count`, scrolling so it stays in a `page`-row window.
    public mutating func move(by delta: Int, count: Int, page: Int) {
        select(selected + delta, count: count, page: page)
    }

    public mutating func select(_ row: Int, count: Int, page: Int) {
        selected = count == 0 ? 0 : min(max(0, row), count - 1)
        clamp(count: count, page: page)
    }

    /// Scrolls the window (the wheel) without losing the selection off screen.
    public mutating func scroll(by delta: Int, count: Int, page: Int) {
        offset = min(max(0, offset + delta), max(0, count - page))
        if selected < offset { selected = offset }
        if selected >= offset + page { selected = max(0, offset + page - 1) }
        clamp(count: count, page: page)
    }

    public mutating func clamp(count: Int, page: Int) {
        if count == 0 { selected = 0; offset = 0; return }
        selected = min(max(0, selected), count - 1)
        let p = max(1, page)
        if selected < offset { offset = selected }
        if selected >= offset + p { offset = selected - p + 1 }
        offset = min(max(0, offset), max(0, count - p))
    }
}

/// Draws a table: a header with the sort marker, the visible window of rows, a selection bar
/// and a scroll position. Returns the layout so that mouse clicks can be mapped back to rows.
public struct TableView {
    public struct Layout: Equatable {
        public var headerY: Int
        public var firstRowY: Int
        public var pageSize: Int
        public var columnX: [Int]
        public var columnWidths: [Int]

        /// The data row under a click, if any.
        public func row(atY y: Int, offset: Int, count: Int) -> Int? {
            let r = y - firstRowY
            guard r >= 0, r < pageSize, offset + r < count else { return nil }
            return offset + r
        }

        /// The column whose header was clicked, if any.
        public func column(atX x: Int) -> Int? {
            zip(columnX, columnWidths).enumerated().first { x >= $0.element.0 && x < $0.element.0 + $0.element.1 }?.offset
        }
    }

    public var columns: [TableColumn]
    public var emptyText: String
    public init(columns: [TableColumn], emptyText: String) { self.columns = columns; self.emptyText = emptyText }

    /// Pure layout: column widths for a given width. Each column asks for its values' width and
    /// its whole title; on a narrow screen they give way in turn: the names (weighted columns)
    /// first, then titles longer than their values, then the widest others by a third, the names
    /// again, the others from the right, and whole columns (dates, codes) only when nothing else
    /// is left.
    public func widths(for total: Int) -> [Int] {
        let gaps = max(0, columns.count - 1)
        var widths = columns.map { max($0.minWidth, TextWidth.of($0.title)) }
        var over = widths.reduce(0, +) + gaps - total
        if over <= 0 {
            let weights = columns.reduce(0) { $0 + $1.weight }
            guard weights > 0 else { return widths }
            var given = 0
            for i in columns.indices {
                let extra = -over * columns[i].weight / weights
                widths[i] += extra; given += extra
            }
            if let last = columns.lastIndex(where: { $0.weight > 0 }) { widths[last] += -over - given }
            return widths
        }
        func giveWay(_ order: [Int], downTo floor: (Int) -> Int) {
            for i in order where over > 0 {
                let cut = min(over, max(0, widths[i] - floor(i)))
                widths[i] -= cut; over -= cut
            }
        }
        let right = Array(columns.indices.reversed())
        let names = columns.indices.filter { columns[$0].weight > 0 }.sorted { columns[$0].weight > columns[$1].weight }
        let others = right.filter { !columns[$0].whole && columns[$0].weight == 0 }.sorted { widths[$0] > widths[$1] }
        giveWay(names) { min(columns[$0].minWidth, 12) }
        giveWay(right) { columns[$0].minWidth }
        giveWay(others) { max(4, (columns[$0].minWidth * 2 + 2) / 3) }
        giveWay(names) { min(columns[$0].minWidth, 8) }
        giveWay(right.filter { !columns[$0].whole }) { min(columns[$0].minWidth, 4) }
        giveWay(right) { min(columns[$0].minWidth, 3) }
        return widths
    }

    public func pageSize(for area: Rect) -> Int { max(1, area.height - 1) }

    @discardableResult
    public func render(into buf: inout Buffer, area: Rect, state: inout TableState, source: TableDataSource) -> Layout {
        let widths = widths(for: area.width)
        var xs: [Int] = []
        var x = area.x
        for w in widths { xs.append(x); x += w + 1 }
        let page = pageSize(for: area)
        let count = source.rowCount
        state.clamp(count: count, page: page)
        buf.fill(Rect(x: area.x, y: area.y, width: area.width, height: 1), style: .header)
        for (i, col) in columns.enumerated() {
            let marker = i == state.sortColumn ? (state.ascending ? " ▲" : " ▼") : ""
            let title = col.title(fitting: widths[i] - TextWidth.of(marker)) + marker
            buf.put(TextWidth.pad(title, to: widths[i], alignRight: col.alignRight), x: xs[i], y: area.y, style: .header)
        }
        let layout = Layout(headerY: area.y, firstRowY: area.y + 1, pageSize: page, columnX: xs, columnWidths: widths)
        if count == 0 {
            buf.put(emptyText, x: area.x + 1, y: area.y + 2, style: .muted, maxWidth: area.width - 2)
            return layout
        }
        let range = state.offset..<min(count, state.offset + page)
        let rows = source.cells(in: range)
        let alerts = source.alerts(in: range)
        for (i, row) in rows.enumerated() {
            let y = area.y + 1 + i
            let alert = i < alerts.count && alerts[i]
            let style: Style = range.lowerBound + i == state.selected ? (alert ? Style(fg: .red, bold: true, reverse: true) : .selected)
                : alert ? .error : .plain
            buf.fill(Rect(x: area.x, y: y, width: area.width, height: 1), style: style)
            for (c, text) in row.prefix(columns.count).enumerated() {
                buf.put(TextWidth.pad(text, to: widths[c], alignRight: columns[c].alignRight), x: xs[c], y: y, style: style)
            }
        }
        return layout
    }
}

/// A table source over rows already in memory (short lists such as accounts).
public final class ArrayTableSource: TableDataSource {
    public var rows: [[String]]
    public init(_ rows: [[String]] = []) { self.rows = rows }
    public var rowCount: Int { rows.count }
    public func cells(in range: Range<Int>) -> [[String]] { Array(rows[range.clamped(to: 0..<rows.count)]) }
}
