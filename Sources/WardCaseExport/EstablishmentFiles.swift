import Foundation
import WardCaseCore

/// Reading a ward's spreadsheet from disk, whatever its format.
public enum Spreadsheet {
    /// CSV or XLSX, told apart by content (an XLSX is a zip file), not only by the name. A file
    /// that cannot be read throws `WardError.unreadableSpreadsheet`, which says why in words.
    /// Files larger than `maxBytes` are refused before a byte is read.
    public static let defaultMaxBytes = 100 << 20

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
