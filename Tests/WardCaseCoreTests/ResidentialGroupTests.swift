import XCTest
import GRDB
@testable import WardCaseCore

/// The residential group as a ward list: the spellings a ward typed before are folded onto one
/// group by migration v15, forms and imports map spellings the same way, and a group not on the
/// list is refused.
final class ResidentialGroupTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-groups-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func testSpellingsOfANumberAreOneGroup() {
        for s in ["8", "08", "TDP 8", "tdp.8", "TDP số 8", "Tổ 8", "tổ số 8", "Tổ dân phố 8", "Tổ dân phố số 8", " to dan pho so 8 ", "Số 8"] {
            XCTAssertEqual(ResidentialGroup.canonical(s).name, "Tổ dân phố số 8", s)
            XCTAssertEqual(ResidentialGroup.canonical(s).number, 8, s)
        }
        XCTAssertEqual(ResidentialGroup.canonical("Thôn Đông").name, "Thôn Đông")
        XCTAssertNil(ResidentialGroup.canonical("Khu phố 3").number, "another kind of unit is left as typed")
        XCTAssertEqual(ResidentialGroup.match("thon dong", in: [ResidentialGroup(name: "Thôn Đông")]), "Thôn Đông")
    }

    /// A ward at v14 typed one group four ways: after the upgrade it is one group, the records
    /// carry its name (and are found by it), what was folded is listed, and the database checks clean.
    func testMigrationFoldsTheSpellingsAWardTypedAndListsThem() throws {
        let path = folder.appendingPathComponent("v14.sqlite").path
        do {
            let queue = try DatabaseQueue(path: path)
            try Migrations.migrator.migrate(queue, upTo: "v14-derived-triggers-as-text")
            try queue.write { db in
                try db.execute(sql: "INSERT INTO ward (id, name, province, receiving_agency) VALUES (1, 'Phường Tám', 'Hà Nội', 'Sở Y tế')")
                let type = try XCTUnwrap(Int64.fetchOne(db, sql: "SELECT id FROM establishment_type LIMIT 1"))
                for (i, (name, group, street, owner)) in [("Karaoke Một", "8", "Ngõ 1", "Anh Một"), ("Karaoke Hai", "TDP 8", "", ""),
                                                          ("Nhà nghỉ Ba", "Tổ dân phố số 8", "Ngõ 3", ""), ("Quán Bốn", "tổ 08", "", "Chị Bốn"),
                                                          ("Quán Năm", "Thôn Đông", "", ""), ("Quán Sáu", "", "", "")].enumerated() {
                    var e = Establishment(name: name, typeId: type, street: street, residentialGroup: group, ownerName: owner, riskLevel: .medium)
                    e.id = Int64(i + 1)
                    try e.insert(db)
                }
                try db.execute(sql: """
                    INSERT INTO hotspot (name, address, residential_group, description, found_date, status, status_date)
                        VALUES ('Vỉa hè chợ', '', 'TDP số 8', '', '2026-01-05', 'active', '2026-01-05')
                    """)
            }
        }
        let store = try WardStore.open(path: path)
        let admin = try store.everyRole()
        XCTAssertEqual(try store.residentialGroups().map(\.name), ["Tổ dân phố số 8", "Thôn Đông"])
        XCTAssertEqual(try store.residentialGroupMerges(), [
            GroupMerge(spelling: "8", name: "Tổ dân phố số 8", records: 1), GroupMerge(spelling: "TDP 8", name: "Tổ dân phố số 8", records: 1),
            GroupMerge(spelling: "TDP số 8", name: "Tổ dân phố số 8", records: 1), GroupMerge(spelling: "tổ 08", name: "Tổ dân phố số 8", records: 1),
        ])
        let use = try store.residentialGroupUse()
        XCTAssertEqual(use.map { [$0.establishments, $0.hotspots] }, [[4, 1], [1, 0]])
        XCTAssertEqual(try store.check(by: admin), [], "the moved records' search text is what the app would write")
        var q = EstablishmentQuery(filter: "to dan pho so 8", language: .vi)
        XCTAssertEqual(try store.countEstablishments(q), 4)
        q.filter = "anh mot"
        XCTAssertEqual(try store.establishments(q, offset: 0, limit: 5).first?.establishment.version, 2, "a moved record's version steps")
    }

    /// Saving a place maps its spelling to the listed group; a group not on the list is refused
    /// until `group set` adds it; a rename moves the places and keeps the audit trail.
    func testTheListIsKeptAndRenamedThroughTheCore() throws {
        let store = try WardStore.inMemory()
        let me = try store.everyRole()
        let type = try XCTUnwrap(store.establishmentTypes().first?.id)
        XCTAssertThrowsError(try store.addEstablishment(Establishment(name: "Karaoke Mới", typeId: type, residentialGroup: "Tổ 3"), by: me)) {
            XCTAssertEqual($0 as? WardError, .unknownGroup("Tổ 3"))
        }
        XCTAssertEqual(try store.saveResidentialGroup("3", by: me), "Tổ dân phố số 3")
        XCTAssertEqual(try store.saveResidentialGroup("TDP 3", by: me), "Tổ dân phố số 3", "one group, whatever the spelling")
        let saved = try store.addEstablishment(Establishment(name: "Karaoke Mới", typeId: type, residentialGroup: "tdp 3"), by: me)
        XCTAssertEqual(saved.residentialGroup, "Tổ dân phố số 3")
        try store.saveResidentialGroup("Tổ dân phố số 4", by: me)
        // Merging 3 into 4: the place moves, the list has one group left.
        XCTAssertEqual(try store.saveResidentialGroup("4", renaming: "Tổ dân phố số 3", by: me), "Tổ dân phố số 4")
        XCTAssertEqual(try store.residentialGroups().map(\.name), ["Tổ dân phố số 4"])
        XCTAssertEqual(try store.establishment(id: try XCTUnwrap(saved.id))?.establishment.residentialGroup, "Tổ dân phố số 4")
        XCTAssertEqual(try store.check(by: me), [.wardMissing], "nothing but the ward this test never named")
    }
}
