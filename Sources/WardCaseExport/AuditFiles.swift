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
        try XLSX.write(sheetName: l.t(.auditTitle), header: header(l), rows: rows.map { cells($0, l) }, l: l)
    }
}
