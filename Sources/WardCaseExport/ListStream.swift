import Foundation
import WardCaseCore

// Lists written as they are read: CSV, JSON (an array, or one object a line), XLSX. Each row is
// turned into its cells and written before the next is read, so a million visits take the memory
// of one. The same writer makes the small files a screen exports whole, so every list file has
// one way of being written.

/// How a list's rows become a file's rows: the sheet's name, the header, the JSON keys (one per
/// column), the cells, and the JSON fields beyond the columns (the record's id, codes).
public struct ListShape<Row> {
    public var sheetName: String
    public var header: [String]
    public var keys: [String]
    public var cells: (Row) -> [Grid.Cell]
    public var extra: (Row) -> [String: ExportJSONValue]

    public init(sheetName: String, header: [String], keys: [String], cells: @escaping (Row) -> [Grid.Cell],
                extra: @escaping (Row) -> [String: ExportJSONValue] = { _ in [:] }) {
        self.sheetName = sheetName; self.header = header; self.keys = keys; self.cells = cells; self.extra = extra
    }
}

/// The formats a list is written in.
public enum ListFileFormat: String, CaseIterable, Sendable {
    case csv, json, ndjson, xlsx
}

/// One list being written, row by row, to `file`.
public final class ListStream<Row> {
    public let shape: ListShape<Row>
    public let format: ListFileFormat
    private let file: ByteSink
    private let heading: String
    private var book: XLSX.Book?
    private var sheet: XLSX.SheetWriter?
    public private(set) var count = 0

    /// `heading`: what the printed page says at its top (the ward, the list, the period). An XLSX
    /// is written by libxlsxwriter under the partial file's name, so `file` must then be a
    /// `PrivateFile.Partial`.
    public init(_ shape: ListShape<Row>, format: ListFileFormat, into file: ByteSink, heading: String, l: Localizer) throws {
        self.shape = shape; self.format = format; self.file = file; self.heading = heading
        switch format {
        case .csv: try file.append { $0 += [0xEF, 0xBB, 0xBF]; CSV.append(shape.header.map(Grid.Cell.text), to: &$0) }
        case .json: try file.write("[")
        case .ndjson: break
        case .xlsx:
            guard let partial = file as? PrivateFile.Partial else { throw SpreadsheetError.cannotWrite(file.name) }
            let book = try XLSX.Book(streamingInto: partial, l: l)
            self.book = book
            sheet = try book.sheet(layout)
        }
    }

    /// The sheet every part of the list is laid out as.
    private var layout: XLSX.Sheet { .list(shape.sheetName, header: shape.header, heading: heading) }

    public func add(_ row: Row) throws {
        let cells = shape.cells(row)
        switch format {
        case .csv: try file.append { CSV.append(cells, to: &$0) }
        case .json: try file.write((count == 0 ? "\n" : ",\n") + ExportJSONValue.object(fields(cells, row), pretty: true))
        case .ndjson: try file.write(ExportJSONValue.object(fields(cells, row), pretty: false) + "\n")
        case .xlsx:
            // A sheet holds 1,048,576 rows: the list goes on, under its header, on the next.
            if let s = sheet, s.room <= 0, let book {
                try s.finish()
                sheet = try book.sheet(layout)
            }
            sheet?.add(cells)
        }
        count += 1
    }

    private func fields(_ cells: [Grid.Cell], _ row: Row) -> [String: ExportJSONValue] {
        var o = Dictionary(zip(shape.keys, cells.map(ExportJSONValue.init)), uniquingKeysWith: { a, _ in a })
        o.merge(shape.extra(row)) { _, new in new }
        return o
    }

    /// The end of the list: the JSON array closed, the workbook's sheet set up and the workbook
    /// written. The file takes its name only when `PrivateFile.stream` returns.
    public func finish() throws {
        switch format {
        case .csv, .ndjson: break
        case .json: try file.write(count == 0 ? "\n\n]" : "\n]")
        case .xlsx:
            try sheet?.finish()
            try book?.close()
        }
        try file.flush()
    }
}

extension ListStream {
    /// A whole list into `file`, as the screens' `x` and `wardcase list` write it: `each` hands
    /// over the rows in the list's order, each is written before the next is read and counted on
    /// `progress` (out of `total`). Says how many rows were written.
    public static func write(_ shape: ListShape<Row>, format: ListFileFormat, into file: ByteSink, heading: String, l: Localizer,
                             progress: WorkProgress, total: () throws -> Int,
                             each: (_ body: (Row) throws -> Void) throws -> Void) throws -> Int {
        progress.add(total: try total())
        let stream = try ListStream(shape, format: format, into: file, heading: heading, l: l)
        try each { row in
            try stream.add(row)
            try progress.advance()
        }
        try stream.finish()
        return stream.count
    }
}

/// What a list's printed pages say at their top.
public enum ListHeading {
    /// "Phường Đống Đa · Kiểm tra · 01/01/2026 – 31/12/2026": the ward, the list and the days it
    /// covers, where it is limited to some.
    public static func text(ward: String?, list: String, from: Formats.Day? = nil, to: Formats.Day? = nil) -> String {
        let days: String? = switch (from, to) {
        case (nil, nil): nil
        case let (a?, b?): a.vietnamese + " – " + b.vietnamese
        case let (a?, nil): a.vietnamese + " –"
        case let (nil, b?): "– " + b.vietnamese
        }
        return [ward.flatMap { $0.isEmpty ? nil : $0 }, list, days].compactMap { $0 }.joined(separator: " · ")
    }

    /// The heading, with the ward's name from `store`.
    public static func of(_ store: WardStore, _ list: String, from: Formats.Day? = nil, to: Formats.Day? = nil) -> String {
        text(ward: try? store.ward()?.name, list: list, from: from, to: to)
    }
}

extension ListShape {
    /// The whole list at once, for a screen's short lists and the tests: the same bytes the
    /// stream writes.
    public func data(_ rows: [Row], format: ListFileFormat, heading: String = "", l: Localizer) throws -> Data {
        func write(_ sink: ByteSink) throws {
            let stream = try ListStream(self, format: format, into: sink, heading: heading, l: l)
            for row in rows { try stream.add(row) }
            try stream.finish()
        }
        guard format == .xlsx else {
            let memory = MemorySink()
            try write(memory)
            return memory.data
        }
        // A workbook is made in a file of its own (private, removed after): libxlsxwriter writes by name.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-\(UUID().uuidString).xlsx").path
        defer { unlink(path) }
        try PrivateFile.stream(to: path, replace: false) { try write($0) }
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }
}

/// Bytes kept in memory (a short list made whole).
final class MemorySink: ByteSink {
    private(set) var data = Data()
    init() { super.init(fd: -1, name: "") }
    override func emit(_ bytes: UnsafeRawBufferPointer) throws { data.append(contentsOf: bytes) }
}

extension ExportJSONValue {
    /// One object, keys sorted, as JSONEncoder writes it: pretty (two-space indent, inside an
    /// array) or on one line.
    static func object(_ fields: [String: ExportJSONValue], pretty: Bool) -> String {
        let parts = fields.keys.sorted().map { key in
            Audit.jsonString(key) + (pretty ? " : " : ":") + fields[key]!.json
        }
        return pretty ? "  {\n    " + parts.joined(separator: ",\n    ") + "\n  }" : "{" + parts.joined(separator: ",") + "}"
    }

    var json: String {
        switch self {
        case .text(let s): Audit.jsonString(s)
        case .number(let n): String(n)
        }
    }
}
