import Foundation
import WardCaseCore

/// A spreadsheet as rows of cells, what the readers produce and the writers take.
public struct Grid: Equatable, Sendable {
    public var rows: [[Cell]]
    public init(rows: [[Cell]]) { self.rows = rows }

    /// One value. Dates from real spreadsheet date cells arrive as dates, not as serial numbers.
    public enum Cell: Equatable, Sendable {
        case text(String)
        case number(Double)
        /// An amount of money in đồng: `#,##0` in a workbook.
        case money(Double)
        /// A percentage, 86 for 86%: `0%` in a workbook.
        case percent(Double)
        /// A calendar date (year, month, day).
        case date(Int, Int, Int)
        case empty

        /// The cell as the text a person would read: dates as dd/mm/yyyy, whole numbers without ".0".
        public var text: String {
            switch self {
            case .text(let s): return s
            case .number(let n), .money(let n), .percent(let n): return n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
            case .date(let y, let m, let d) where (1...31).contains(d) && (1...12).contains(m) && (0...9999).contains(y):
                // dd/mm/yyyy from its ten bytes (a referral list has six dates a row).
                func digit(_ n: Int) -> UInt8 { UInt8(48 + n % 10) }
                return String(decoding: [digit(d / 10), digit(d), 0x2F, digit(m / 10), digit(m), 0x2F,
                                         digit(y / 1000), digit(y / 100), digit(y / 10), digit(y)], as: UTF8.self)
            case .date(let y, let m, let d):
                func padded(_ n: Int, _ width: Int) -> String {
                    let s = String(n)
                    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
                }
                return padded(d, 2) + "/" + padded(m, 2) + "/" + padded(y, 4)
            case .empty: return ""
            }
        }
    }

    public var textRows: [[String]] { rows.map { $0.map(\.text) } }
}

/// Reads and writes CSV as offices produce it: UTF-8 with or without BOM (or UTF-16 with it), comma, semicolon or
/// tab, CRLF or LF, quoted fields with line breaks and doubled quotes.
public enum CSV {
    public static func read(_ data: Data) -> Grid {
        read(text: text(data) ?? String(decoding: data, as: UTF8.self))
    }

    /// The file's text: UTF-8 with or without its mark, or UTF-16 with its mark (Excel's "Unicode
    /// text"). Nil for anything else, such as the old Vietnamese code pages (TCVN3, Windows-1258),
    /// which would otherwise be read as names full of "�".
    public static func text(_ data: Data) -> String? {
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) {
            guard data.count % 2 == 0 else { return nil }
            let little = data.first == 0xFF
            let units = stride(from: data.startIndex + 2, to: data.endIndex, by: 2).map { i in
                little ? UInt16(data[i]) | UInt16(data[i + 1]) << 8 : UInt16(data[i]) << 8 | UInt16(data[i + 1])
            }
            return String(validating: units, as: UTF16.self)
        }
        let bytes = data.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data[...]
        return String(validating: bytes, as: UTF8.self)
    }

    static func read(text: String) -> Grid {
        let bytes = Array(text.utf8)
        var rows: [[Grid.Cell]] = []
        var parser = Parser(delimiter: detectDelimiter(bytes))
        // A Swift string is valid UTF-8: its fields always are.
        try? parser.feed(bytes) { rows.append($0) }
        try? parser.finish { rows.append($0) }
        return Grid(rows: rows)
    }

    /// The delimiter used most, outside quotes, in the first lines.
    static func detectDelimiter(_ bytes: some Collection<UInt8>) -> UInt8 {
        var counts: [UInt8: Int] = [0x2C: 0, 0x3B: 0, 0x09: 0]
        var quoted = false, lines = 0
        for c in bytes {
            if c == 0x22 { quoted.toggle() }
            if quoted { continue }
            if c == 0x0A { lines += 1; if lines > 20 { break } }
            if counts[c] != nil { counts[c]! += 1 }
        }
        return counts.max { a, b in a.value < b.value || (a.value == b.value && a.key != 0x2C) }?.key ?? 0x2C
    }

    /// The one CSV reader: UTF-8 bytes in, as they come (a file's chunks or a whole text), rows
    /// out as each ends. The delimiter, quotes and line ends are ASCII, so the bytes are read as
    /// bytes; each field is checked as UTF-8 once it is whole.
    struct Parser {
        private let delimiter: UInt8
        private var field: [UInt8] = []
        private var row: [Grid.Cell] = []
        private var quoted = false, fieldWasQuoted = false
        /// A quote inside a quoted field: the next byte says whether it is "" or the closing one.
        private var quoteSeen = false
        /// The last byte ended a row with CR: an LF right after it belongs to the same line end.
        private var afterCR = false
        /// Nothing since the last row ended (or since the start): the input ending here adds no row.
        private var atRowStart = true

        init(delimiter: UInt8) { self.delimiter = delimiter }

        private mutating func endField() throws {
            if field.isEmpty && !fieldWasQuoted {
                row.append(.empty)
            } else {
                guard let text = String(validating: field, as: UTF8.self) else { throw SpreadsheetProblem.notText }
                row.append(.text(CSV.ran(text)))
            }
            field.removeAll(keepingCapacity: true)
            fieldWasQuoted = false
        }

        private mutating func endRow(_ emit: ([Grid.Cell]) throws -> Void) throws {
            try endField()
            try emit(row)
            row = []
            atRowStart = true
        }

        mutating func feed(_ bytes: some Sequence<UInt8>, _ emit: ([Grid.Cell]) throws -> Void) throws {
            for c in bytes {
                if quoted {
                    if quoteSeen {
                        quoteSeen = false
                        if c == 0x22 { field.append(0x22); continue }
                        quoted = false   // the quote closed the field: this byte is read as outside quotes
                    } else if c == 0x22 {
                        quoteSeen = true
                        continue
                    } else {
                        field.append(c)
                        continue
                    }
                }
                let lf = c == 0x0A && afterCR
                afterCR = false
                if lf { continue }
                atRowStart = false
                if c == 0x22 && field.isEmpty {
                    quoted = true
                    fieldWasQuoted = true
                } else if c == delimiter {
                    try endField()
                } else if c == 0x0D || c == 0x0A {
                    afterCR = c == 0x0D
                    try endRow(emit)
                } else {
                    field.append(c)
                }
            }
        }

        /// The end of the input: the last row, unless the input ended with its line end. A quote
        /// never closed keeps what was read.
        mutating func finish(_ emit: ([Grid.Cell]) throws -> Void) throws {
            if quoted && !quoteSeen {
                try endRow(emit)
                return
            }
            if !atRowStart { try endRow(emit) }
        }
    }

    /// A field with one of these is quoted: , " LF CR ; TAB (all ASCII, so that their UTF-8 bytes
    /// are looked for, never part of a longer character's).
    private static func needsQuotes(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x2C, 0x22, 0x0A, 0x0D, 0x3B, 0x09: true
        default: false
        }
    }

    /// What makes a spreadsheet run a cell as a formula when it opens a CSV (OWASP's list).
    private static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// Text that a spreadsheet would run (`=HYPERLINK(…)`, `@SUM(…)`, `-2+3`) is written with a
    /// leading apostrophe, so that it is shown as the text it is. Text that already looks like
    /// that ("'=…") gets one more, so that reading the file back gives every text as it was.
    static func inert(_ text: String) -> String { wouldRun(text.unicodeScalars[...]) ? "'" + text : text }

    private static func wouldRun(_ s: Substring.UnicodeScalarView) -> Bool {
        guard let first = s.first else { return false }
        return formulaStarts.contains(first) || (first == "'" && wouldRun(s.dropFirst()))
    }

    /// The apostrophe `inert` added comes off again when wardcase reads its own file back.
    static func ran(_ text: String) -> String {
        let s = text.unicodeScalars[...]
        return s.first == "'" && wouldRun(s.dropFirst()) ? String(String.UnicodeScalarView(s.dropFirst())) : text
    }

    /// Headers and text only: every value is text, and made inert.
    public static func write(_ rows: [[String]]) -> Data {
        write(cells: rows.map { $0.map(Grid.Cell.text) })
    }

    /// UTF-8 with a BOM (so that Excel opens Vietnamese correctly), CRLF, quoted where needed.
    /// Text cells that would run as formulas are made inert; numbers and dates are written as they are.
    public static func write(cells rows: [[Grid.Cell]]) -> Data {
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]
        for row in rows { append(row, to: &bytes) }
        return Data(bytes)
    }

    /// One row and its CRLF as bytes, appended where they go (an export's buffer): no text is
    /// built for a row of a million.
    static func append(_ row: [Grid.Cell], to out: inout [UInt8]) {
        for (i, cell) in row.enumerated() {
            if i > 0 { out.append(0x2C) }
            let v: String
            if case .text(let text) = cell { v = inert(text) } else { v = cell.text }
            // Bytes, not Characters: "," or a quote followed by a combining mark is one Character,
            // which a Character-wise look or replace would miss. A quote is one byte in UTF-8,
            // never part of a longer character's, so doubling its bytes doubles the quotes.
            let utf8 = v.utf8
            guard utf8.contains(where: needsQuotes) else { out.append(contentsOf: utf8); continue }
            out.append(0x22)
            for byte in utf8 {
                if byte == 0x22 { out.append(0x22) }
                out.append(byte)
            }
            out.append(0x22)
        }
        out.append(0x0D)
        out.append(0x0A)
    }
}
