import Foundation
import GRDB

/// A record's columns read from a row by position: where each named column is, is found once,
/// from `start` when the query selected them in order (an export's cursor), by name otherwise.
/// Codable's generic decoder, and a look-up by name for every value, were most of an export's
/// work. A value that is not what its column holds throws, as the decoder did; nothing traps.
struct RowColumns {
    let row: Row
    let table: String
    let names: [String]
    private let at: [Int?]

    init(_ row: Row, _ names: [String], table: String, start: Int? = nil) {
        self.row = row; self.names = names; self.table = table
        if let start {
            at = names.indices.map { start + $0 }
        } else {
            // The leftmost column of each name, as GRDB finds it.
            let present = Array(row.columnNames)
            at = names.map { name in present.firstIndex(of: name) ?? present.firstIndex { $0.lowercased() == name } }
        }
    }

    func int(_ i: Int) -> Int64? { at[i].flatMap { row[$0] } }
    func string(_ i: Int) -> String? { at[i].flatMap { row[$0] } }
    func bool(_ i: Int) -> Bool? { at[i].flatMap { row[$0] } }
    func data(_ i: Int) -> Data? { at[i].flatMap { row[$0] } }

    func day(_ i: Int) throws -> Formats.Day? {
        guard let text = string(i) else { return nil }
        guard let d = Formats.Day(iso: text) else { throw unreadable(i, text) }
        return d
    }

    func code<T: RawRepresentable>(_ i: Int) throws -> T? where T.RawValue == String {
        guard let text = string(i) else { return nil }
        guard let v = T(rawValue: text) else { throw unreadable(i, text) }
        return v
    }

    /// A value the record cannot be without.
    func required<T>(_ value: T?, _ i: Int) throws -> T {
        guard let value else { throw unreadable(i, "NULL") }
        return value
    }

    private func unreadable(_ i: Int, _ text: String) -> DatabaseError {
        DatabaseError(resultCode: .SQLITE_MISMATCH, message: "\(table).\(names[i]): \(text)")
    }
}
