import XCTest
import GRDB
@testable import WardCaseCore
@testable import WardCaseReports

/// "Chưa phân loại" is the risk of a place nobody classified: the default for new records, and
/// (migration v17) the state of a record still at the old default that no one ever changed.
final class RiskClassificationTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-risk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    /// A ward at v16: one place created at the default "low" and never touched, one set to "low"
    /// by an edit, one "low" with a reason, one "high". Only the first becomes unclassified, and
    /// its page can say why; the share classified counts the rest.
    func testTheUpgradeUnclassifiesOnlyWhatNobodyChose() throws {
        let path = folder.appendingPathComponent("v16.sqlite").path
        do {
            let queue = try DatabaseQueue(path: path)
            try Migrations.migrator.migrate(queue, upTo: "v16-case-target-groups")
            try queue.write { db in
                try db.execute(sql: "INSERT INTO ward (id, name, province, receiving_agency) VALUES (1, 'Phường Tám', 'Hà Nội', 'Sở Y tế')")
                let type = try XCTUnwrap(Int64.fetchOne(db, sql: "SELECT id FROM establishment_type LIMIT 1"))
                for (i, (name, risk, reason)) in [("Mặc định", "low", ""), ("Sửa thành thấp", "low", ""), ("Có lý do", "low", "Ít khách"),
                                                  ("Cao", "high", "Từng vi phạm")].enumerated() {
                    var e = Establishment(name: name, typeId: type, riskLevel: .low, status: .active)   // v16 knew no other default
                    e.id = Int64(i + 1)
                    e.riskReason = reason
                    try e.insert(db)
                    try db.execute(sql: "UPDATE establishment SET risk_level = ? WHERE id = ?", arguments: [risk, e.id])
                    try db.execute(sql: """
                        INSERT INTO audit (at, actor, action, record_type, record_id, after) VALUES ('2025-01-02T03:04:05Z', 'lan', 'create', 'establishment', ?, ?)
                        """, arguments: [e.id, "{\"risk_level\":\"\(i == 1 ? "medium" : risk)\"}"])
                }
                try db.execute(sql: """
                    INSERT INTO audit (at, actor, action, record_type, record_id, before, after)
                        VALUES ('2025-02-02T03:04:05Z', 'lan', 'update', 'establishment', 2, '{"risk_level":"medium"}', '{"risk_level":"low"}')
                    """)
            }
        }
        let store = try WardStore.open(path: path)
        let rows = try store.establishments(EstablishmentQuery(language: .vi), offset: 0, limit: 10)
        let risks = Dictionary(uniqueKeysWithValues: rows.map { ($0.establishment.name, $0.establishment.riskLevel) })
        XCTAssertEqual(risks, ["Mặc định": .unclassified, "Sửa thành thấp": .low, "Có lý do": .low, "Cao": .high])
        XCTAssertTrue(try store.riskUnclassifiedAtUpgrade(establishmentId: 1))
        XCTAssertFalse(try store.riskUnclassifiedAtUpgrade(establishmentId: 2))
        XCTAssertEqual(rows.first { $0.establishment.id == 1 }?.establishment.version, 2, "a changed record's version steps")
        let year = try XCTUnwrap(ReportPeriod.year(2026))
        let figures = try store.reportFigures(year)
        XCTAssertEqual(figures.value("est.classified"), 3)
        XCTAssertEqual(figures.value("est.classified_share"), 75)
        XCTAssertEqual(try store.check(by: try store.everyRole()), [])
    }

    func testANewPlaceStartsUnclassifiedAndAnImportReadsTheWord() throws {
        XCTAssertEqual(Establishment(name: "Mới", typeId: 1).riskLevel, .unclassified)
        XCTAssertEqual(EstablishmentImport.risk("Chưa phân loại"), .unclassified)
        XCTAssertEqual(EstablishmentImport.risk("thấp"), .low)
    }
}
