import Foundation
import WardCaseCore

/// Reading a ward's spreadsheet from disk, whatever its format.
public enum Spreadsheet {
    /// CSV or XLSX, told apart by content (an XLSX is a zip file), not only by the name. A file
    /// that cannot be read throws `WardError.unreadableSpreadsheet`, which says why in words.
    /// Files larger than `maxBytes` are refused before a byte is read.
    public static let defaultMaxBytes = 100 << 20

    /// The rows of the file at `path` one at a time (`SheetRows`), with the same checks as `read`.
    public static func rows(path: String, sheet: String? = nil, maxBytes: Int = defaultMaxBytes) throws -> SheetRows {
        do {
            let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
            if size > maxBytes { throw SpreadsheetProblem.fileTooLarge(megabytes: maxBytes >> 20) }
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw FileManager.default.fileExists(atPath: path) ? SpreadsheetProblem.permissionDenied : .missing
            }
            let first = handle.readData(ofLength: 1 << 16)
            // A workbook, or a CSV in UTF-16: read whole, as `read` reads it.
            if first.starts(with: [0x50, 0x4B, 0x03, 0x04]) || first.starts(with: [0xFF, 0xFE]) || first.starts(with: [0xFE, 0xFF]) {
                try? handle.close()
                return SheetRows(path: path, grid: try read(path: path, sheet: sheet, maxBytes: maxBytes), size: size)
            }
            return SheetRows(path: path, size: size, csv: handle, firstChunk: first)
        } catch let problem as SpreadsheetProblem {
            throw WardError.unreadableSpreadsheet(path: path, problem)
        }
    }

    public static func read(path: String, sheet: String? = nil, maxBytes: Int = defaultMaxBytes) throws -> Grid {
        do {
            if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber, size.intValue > maxBytes {
                throw SpreadsheetProblem.fileTooLarge(megabytes: maxBytes >> 20)
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw FileManager.default.fileExists(atPath: path) ? SpreadsheetProblem.permissionDenied : .missing
            }
            if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return try XLSX.read(data, sheet: sheet) }
            guard let text = CSV.text(data) else { throw SpreadsheetProblem.notText }
            return CSV.read(text: text)
        } catch let problem as SpreadsheetProblem {
            throw WardError.unreadableSpreadsheet(path: path, problem)
        }
    }
}

/// A sheet's rows one at a time, for an import that keeps none of them: a CSV file in UTF-8 is
/// read 64 KB at a time whatever its size; a workbook, or a CSV in UTF-16, is read whole first
/// (within the import's size limit) and handed out row by row.
public final class SheetRows {
    private let path: String
    private var file: FileHandle?
    private var parser: CSV.Parser?
    /// Rows read and not yet handed out (a chunk's, or a whole workbook's), from `next` on.
    private var pending: [[String]] = []
    private var next = 0
    private var ended = false
    private var failure: Error?
    /// Bytes of the file read so far, and its size: the progress of a streamed import.
    public private(set) var bytesRead = 0
    public let size: Int

    init(path: String, size: Int, csv file: FileHandle, firstChunk: Data) {
        self.path = path; self.size = size; self.file = file
        var start = firstChunk[...]
        if start.starts(with: [0xEF, 0xBB, 0xBF]) { start = start.dropFirst(3) }
        parser = CSV.Parser(delimiter: CSV.detectDelimiter(start))
        feed(start, count: firstChunk.count)
    }

    init(path: String, grid: Grid, size: Int) {
        self.path = path; self.size = size
        pending = grid.textRows
        bytesRead = size
        ended = true
    }

    private func feed(_ bytes: some Sequence<UInt8>, count: Int) {
        bytesRead += count
        do { try parser?.feed(bytes) { pending.append($0.map(\.text)) } } catch { failure = error }
    }

    /// The next row, nil after the last. A file that turns out not to be text throws, in words.
    public func nextRow() throws -> [String]? {
        while next == pending.count {
            if let failure { throw WardError.unreadableSpreadsheet(path: path, failure as? SpreadsheetProblem ?? .damaged) }
            if ended { return nil }
            pending.removeAll(keepingCapacity: true)
            next = 0
            let chunk = file?.readData(ofLength: 1 << 16) ?? Data()
            if chunk.isEmpty {
                ended = true
                try? file?.close()
                do { try parser?.finish { pending.append($0.map(\.text)) } } catch { failure = error }
            } else {
                chunk.withUnsafeBytes { feed($0, count: $0.count) }   // bytes, not Data's iterator
            }
        }
        defer { next += 1 }
        return pending[next]
    }
}

/// The establishment list as a table for files: the same columns for CSV, XLSX and JSON.
public enum EstablishmentExport {
    public static let fields: [EstablishmentField] = EstablishmentField.allCases.filter { $0 != .archived }

    public static func header(_ l: Localizer) -> [String] { fields.map { l.t($0.label) } }

    /// Cells in the user's language: type names, risk and status labels, dates as dates.
    public static func cells(_ row: EstablishmentRow, _ l: Localizer) -> [Grid.Cell] {
        let e = row.establishment
        func day(_ d: Formats.Day?) -> Grid.Cell { d.map { .date($0.year, $0.month, $0.day) } ?? .empty }
        func yes(_ b: Bool) -> Grid.Cell { .text(b ? l.t(.yes) : l.t(.no)) }
        return fields.map { f in
            switch f {
            case .type: return .text(row.typeName)
            case .licenceIssued: return day(e.licenceIssued)
            case .licenceExpires: return day(e.licenceExpires)
            case .commitmentDate: return day(e.commitmentDate)
            case .statusDate: return day(e.statusDate)
            case .securityCertificate: return yes(e.securityCertificate)
            case .commitmentSigned: return yes(e.commitmentSigned)
            case .workers: return .number(Double(e.workers))
            case .workersHealthChecked: return .number(Double(e.workersHealthChecked))
            case .workersReached: return .number(Double(e.workersReached))
            case .riskLevel: return .text(l.t(e.riskLevel.label))
            case .status: return .text(l.t(e.status.label))
            default: return .text(e.fields[f] ?? "")
            }
        }
    }

    public static func csv(_ rows: [EstablishmentRow], _ l: Localizer) -> Data {
        CSV.write(cells: [header(l).map(Grid.Cell.text)] + rows.map { cells($0, l) })
    }

    public static func xlsx(_ rows: [EstablishmentRow], _ l: Localizer) throws -> Data {
        try shape(l).data(rows, format: .xlsx, l: l)
    }

    /// Field names as keys (stable for scripts), values as the file shows them.
    public static func json(_ rows: [EstablishmentRow], _ l: Localizer) throws -> Data {
        try shape(l).data(rows, format: .json, l: l)
    }

    /// Every JSON value is text, as the register's import reads it back; the id too.
    public static func shape(_ l: Localizer) -> ListShape<EstablishmentRow> {
        ListShape(sheetName: l.t(.tabEstablishments), header: header(l), keys: fields.map(\.rawValue), cells: { cells($0, l) }) { row in
            var o = Dictionary(uniqueKeysWithValues: zip(fields.map(\.rawValue), cells(row, l).map { ExportJSONValue.text($0.text) }))
            o["id"] = .text(row.establishment.id.map(String.init) ?? "")
            return o
        }
    }
}
