import TerminalKit

/// A table source that asks the store only for the window on screen, keeping the count and the
/// last window until the query or the data changes. Errors become a sentence for the screen.
final class PagedSource<Query: Equatable, Row>: TableDataSource {
    var query: Query { didSet { if query != oldValue { invalidate() } } }
    private let count: (Query) throws -> Int
    private let fetch: (Query, Range<Int>) throws -> [Row]
    private let cellsOf: (Row) -> [String]
    private let alertOf: (Row) -> Bool
    private let describe: (Error) -> String
    private var cachedCount: Int?
    /// Counts of other queries (the unfiltered total, "not inspected"), kept like the main one.
    private var otherCounts: [(query: Query, count: Int)] = []
    private var page: (range: Range<Int>, rows: [Row])?
    private(set) var lastError: String?

    init(query: Query, count: @escaping (Query) throws -> Int, fetch: @escaping (Query, Range<Int>) throws -> [Row],
         cells: @escaping (Row) -> [String], alert: @escaping (Row) -> Bool = { _ in false }, describe: @escaping (Error) -> String) {
        self.query = query
        self.count = count
        self.fetch = fetch
        self.cellsOf = cells
        self.alertOf = alert
        self.describe = describe
    }

    func invalidate() { cachedCount = nil; otherCounts = []; page = nil }

    var rowCount: Int {
        if let c = cachedCount { return c }
        let c = load { try count(query) } ?? 0
        cachedCount = c
        return c
    }

    /// The count for another query, such as the same one without its filter ("3 / 40").
    func count(of other: Query) -> Int {
        if let o = otherCounts.first(where: { $0.query == other }) { return o.count }
        let c = load { try count(other) } ?? 0
        otherCounts.append((other, c))
        if otherCounts.count > 8 { otherCounts.removeFirst() }
        return c
    }

    func rows(in range: Range<Int>) -> [Row] {
        if let p = page, p.range == range { return p.rows }
        let rows = load { try fetch(query, range) } ?? []
        page = (range, rows)
        return rows
    }

    func row(at index: Int) -> Row? { rows(in: index..<(index + 1)).first }

    func cells(in range: Range<Int>) -> [[String]] { rows(in: range).map(cellsOf) }

    func alerts(in range: Range<Int>) -> [Bool] { rows(in: range).map(alertOf) }

    private func load<T>(_ body: () throws -> T) -> T? {
        do { lastError = nil; return try body() } catch { lastError = describe(error); return nil }
    }
}
