import Foundation
import WardCaseCore

/// The audit trail as a spreadsheet or CSV, for an inspector: one row a change, newest first, the
/// same columns as the screen plus the row number the hash chain names (`wardcase check`).
/// Values written by hand (names, addresses) go through the same inert-cell rule as every export.
public enum AuditExport {
    public static func header(_ l: Localizer) -> [String] {
        [l.t(.colAuditRow), l.t(.colTime), l.t(.colActor), l.t(.colAction), l.t(.colRecord), l.t(.colChanges)]
    }

    public static func cells(_ e: AuditEntry, _ l: Localizer) -> [Grid.Cell] {
        [.number(Double(e.id)), .text(Timestamp.display(e.at)), .text(e.actor), .text(l.t(e.action.label)),
         .text(e.recordType + (e.recordId.map { "#\($0)" } ?? "")), e.changeSummary.isEmpty ? .empty : .text(e.changeSummary)]
    }

    public static func csv(_ rows: [AuditEntry], _ l: Localizer) -> Data {
        CSV.write(cells: [header(l).map(Grid.Cell.text)] + rows.map { cells($0, l) })
    }

    public static func xlsx(_ rows: [AuditEntry], _ l: Localizer) throws -> Data {
        try shape(l).data(rows, format: .xlsx, l: l)
    }

    /// JSON keys: the row number, time, actor, action, record and changes.
    public static let keys = ["row", "time", "actor", "action", "record", "changes"]

    public static func shape(_ l: Localizer) -> ListShape<AuditEntry> {
        ListShape(sheetName: l.t(.auditTitle), header: header(l), keys: keys, cells: { cells($0, l) }) { ["action_code": .text($0.action.rawValue)] }
    }
}
