import Foundation
import TextCells
import WardCaseCore
import WardCaseExport

// The shell's long lists (establishments, visits, tip-offs, cases, referrals, the audit trail),
// written as they are read from the store: a terminal table, CSV, JSON, NDJSON or, to a file,
// XLSX. Memory holds one row whatever the count; a bar on a terminal shows how far it is; to a
// file, nothing has the file's name until the last row is in.

extension Wardcase.List {
    /// How the rows of one list are read and shown.
    struct Listing<Row> {
        /// What the audit trail calls the list ("kiem-tra").
        var what: String
        var shape: ListShape<Row>
        var table: TextTable?
        var line: (Row) -> [String] = { _ in [] }
        var count: (Int) -> String = { String($0) }
        /// The rows there are, for the bar (an estimate is fine).
        var total: () throws -> Int
        /// Reads the rows in list order, handing each on.
        var each: (_ body: (Row) throws -> Void) throws -> Void
    }

    /// Writes `listing` in `format` to standard output or, with `-o`, to a private file (XLSX
    /// only to a file), and writes the export to the audit trail.
    static func stream<Row>(_ listing: Listing<Row>, format: ListFormat, output: String?, heading: String,
                            store: WardStore, me: Account, _ l: Localizer) throws {
        if format == .xlsx, output == nil { throw CLIError(message: l.t(.rcliNeedsOutput, "xlsx")) }
        func write(into sink: ByteSink, _ progress: WorkProgress) throws -> Int {
            if format == .table {
                progress.add(total: try listing.total())
                let table = listing.table ?? TextTable(columns: [])
                try sink.write(table.line(table.columns.map { l.t($0.title) }) + "\n")
                var n = 0
                try listing.each { row in
                    try sink.write(table.line(listing.line(row)) + "\n")
                    n += 1
                    try progress.advance()
                }
                try sink.write(listing.count(n) + "\n")
                try sink.flush()
                return n
            }
            let file: ListFileFormat = switch format {
            case .csv: .csv
            case .json: .json
            case .ndjson: .ndjson
            case .xlsx, .table: .xlsx
            }
            let written = try ListStream.write(listing.shape, format: file, into: sink, heading: heading, l: l, progress: progress,
                                               total: listing.total, each: listing.each)
            if file == .json { try sink.write("\n"); try sink.flush() }
            return written
        }
        let written = try ShellProgress.run(.progressExport, l, cancellable: true) { progress -> Int in
            guard let output else { return try write(into: ByteSink.standardOutput(), progress) }
            return try PrivateFile.stream(to: output, replace: true) { try write(into: $0, progress) }
        }
        try store.recordListExport(listing.what, rows: written, format: format.rawValue, by: me)
        if let output { FileHandle.standardError.write(Data((l.t(.exportDone, written, output) + "\n").utf8)) }
    }
}
