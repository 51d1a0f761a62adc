import XCTest
import GRDB
@testable import WardCaseCore
@testable import WardCaseDemo

final class StoreTests: XCTestCase {
    var resources: URL!
    var folder: URL!

    override func setUpWithError() throws {
        resources = try ResourceLocator.directory()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-store-\(UUID().uuidString)")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    func testMigratesFromEmptyAndSeedsTheTypeList() throws {
        let store = try WardStore.inMemory()
        XCTAssertEqual(try store.appliedMigrations(), ["v1-ward-and-establishments", "v2-accounts-audit-versions", "v3-establishment-register", "v4-inspections", "v5-support", "v6-reports", "v7-list-indexes", "v8-derived-facts", "v9-locks-every-path", "v10-audit-chain", "v11-sealed-signing-key", "v12-key-holders", "v13-import-batches", "v14-derived-triggers-as-text", "v15-residential-groups", "v16-case-target-groups", "v17-risk-unclassified", "v18-sanctions", "v19-standing-team", "v20-activity-detail", "v21-police-list", "v22-reporting-regime", "v23-record-numbers", "v24-search-and-open-work"])
        let types = try store.establishmentTypes()
        XCTAssertEqual(types.map(\.code), ["hotel", "guesthouse", "rented_rooms", "karaoke", "dance_club", "bar",
                                           "restaurant", "massage", "tourist_lodging", "other"])
        XCTAssertEqual(types[1].name(.vi), "Nhà nghỉ")
        XCTAssertEqual(types[1].name(.en), "Guesthouse")
        XCTAssertNil(try store.ward())
    }

    /// A database from an older version (here: one that stopped at v7, as the city's did) is
    /// migrated one step at a time, each counted, so that the person waiting sees it move before
    /// the first screen; a current database has nothing to count.
    func testAnOlderDatabaseCountsItsMigrationsOneByOne() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("old.sqlite").path
        try Migrations.migrator.migrate(try DatabaseQueue(path: path), upTo: "v7-list-indexes")
        var heard: [WorkProgress.State] = []
        let progress = WorkProgress(every: 0) { heard.append($0); return true }
        let store = try WardStore.open(path: path, migrating: progress)
        XCTAssertEqual(try store.appliedMigrations().count, Migrations.migrator.migrations.count)
        let pending = Migrations.migrator.migrations.count - 7
        XCTAssertEqual(heard.map(\.done), Array(1...pending))
        XCTAssertEqual(heard.last?.total, pending)

        var again: [WorkProgress.State] = []
        _ = try WardStore.open(path: path, migrating: WorkProgress(every: 0) { again.append($0); return true })
        XCTAssertEqual(again, [], "nothing to migrate, nothing heard")
    }

    func testFileDatabaseIsPrivateWALWithForeignKeys() throws {
        let path = folder.appendingPathComponent("sub/ward.sqlite").path
        let store = try WardStore.open(path: path)
        let tester = try store.everyRole()
        let attrs = try FileManager.default.attributesOfItem(atPath: path)
        XCTAssertEqual((attrs[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        let folderAttrs = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent("sub").path)
        XCTAssertEqual((folderAttrs[.posixPermissions] as? NSNumber)?.intValue, 0o700)
        XCTAssertEqual(try store.journalMode(), "wal")
        // A foreign key to a type that does not exist is refused.
        XCTAssertThrowsError(try store.addEstablishment(Establishment(name: "X", typeId: 999), by: tester))
        // Opening again migrates nothing and keeps the data.
        try store.setWard(WardIdentity(name: "Phường Láng", province: "Hà Nội", receivingAgency: "Sở Y tế"), by: tester)
        let again = try WardStore.open(path: path)
        XCTAssertEqual(try again.ward()?.name, "Phường Láng")
    }

    func testADatabaseFromANewerVersionIsRefusedNotDamaged() throws {
        let path = folder.appendingPathComponent("newer.sqlite").path
        _ = try WardStore.open(path: path)
        let q = try DatabaseQueue(path: path)
        try q.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')") }
        try q.close()
        XCTAssertThrowsError(try WardStore.open(path: path)) { error in
            XCTAssertEqual(error as? WardError, .databaseNewer(path: path))
        }
    }

    func testTextIsStoredNFCAndFoundWithoutAccents() throws {
        let store = try WardStore.inMemory()
        let karaoke = try XCTUnwrap(store.establishmentTypes().first { $0.code == "karaoke" }?.id)
        let tester = try store.everyRole()
        let decomposed = "Karaoke Go\u{0300} \u{0110}o\u{0302}\u{0301}ng \u{0110}a"
        let saved = try store.addEstablishment(Establishment(name: decomposed, typeId: karaoke, street: "Số 1 phố Xã Đàn"), by: tester)
        try store.addEstablishment(Establishment(name: "Karaoke Nice", typeId: karaoke, street: "Đặng Tiến Đông"), by: tester)
        let row = try XCTUnwrap(store.establishment(id: saved.id!))
        XCTAssertEqual(row.establishment.name, "Karaoke Gò Đống Đa")
        XCTAssertEqual(row.establishment.name.unicodeScalars.count, "Karaoke Gò Đống Đa".precomposedStringWithCanonicalMapping.unicodeScalars.count)

        func names(_ filter: String) throws -> [String] {
            try store.establishments(EstablishmentQuery(filter: filter, language: .vi), offset: 0, limit: 50).map(\.establishment.name)
        }
        XCTAssertEqual(try names("dong da"), ["Karaoke Gò Đống Đa"])
        XCTAssertEqual(try names("ĐỐNG ĐA"), ["Karaoke Gò Đống Đa"])
        XCTAssertEqual(try names("xa dan"), ["Karaoke Gò Đống Đa"])
        XCTAssertEqual(try names("karaoke"), ["Karaoke Gò Đống Đa", "Karaoke Nice"])
        XCTAssertEqual(try names("%"), [])
        XCTAssertEqual(try names("_"), [])
        XCTAssertEqual(try store.countEstablishments(EstablishmentQuery(filter: "tien dong", language: .vi)), 1)
    }

    func testSortsAndPagesWithoutLoadingEverything() throws {
        let store = try WardStore.inMemory()
        try DemoWard.seedIfEmpty(store, resources: resources)
        var q = EstablishmentQuery(sort: .risk, ascending: false, language: .en)
        let first = try store.establishments(q, offset: 0, limit: 5)
        XCTAssertEqual(first.count, 5)
        XCTAssertTrue(first.allSatisfy { $0.establishment.riskLevel == .high })
        let total = try store.countEstablishments(q)
        let tail = try store.establishments(q, offset: total - 2, limit: 5)
        XCTAssertEqual(tail.count, 2)
        XCTAssertTrue(tail.allSatisfy { $0.establishment.riskLevel == .unclassified }, "the demo's two unclassified places sort below low")
        q.sort = .type
        q.ascending = true
        XCTAssertEqual(try store.establishments(q, offset: 0, limit: 1).first?.typeName, "Hotel")
    }

    func testDemoWardIsSeededOnceWithEveryTypeAcrossSeveralGroups() throws {
        let store = try WardStore.inMemory()
        XCTAssertTrue(try DemoWard.seedIfEmpty(store, resources: resources))
        XCTAssertFalse(try DemoWard.seedIfEmpty(store, resources: resources))
        let ward = try XCTUnwrap(store.ward())
        XCTAssertEqual(ward.name, "Phường Đống Đa")
        let all = try store.establishments(EstablishmentQuery(language: .vi), offset: 0, limit: 1000)
        XCTAssertEqual(all.count, try store.countEstablishments(EstablishmentQuery(language: .vi)))
        let types = Set(all.map(\.establishment.typeId))
        XCTAssertEqual(types.count, try store.establishmentTypes().count, "every type appears in the demo ward")
        XCTAssertGreaterThanOrEqual(Set(all.map(\.establishment.residentialGroup)).count, 4)
        XCTAssertEqual(Set(all.map(\.establishment.status)), Set(EstablishmentStatus.allCases))
    }

    func testWardIdentityIsCheckedInOnePlace() {
        XCTAssertThrowsError(try WardIdentity.validated(name: "  ", province: "Hà Nội", receivingAgency: "Sở Y tế")) {
            XCTAssertEqual($0 as? WardError, .required(field: .fieldWardName))
        }
        XCTAssertThrowsError(try WardIdentity.validated(name: "P", province: String(repeating: "a", count: 121), receivingAgency: "S")) {
            XCTAssertEqual($0 as? WardError, .tooLong(field: .fieldProvince, max: 120))
        }
        XCTAssertEqual(try WardIdentity.validated(name: " Phường Láng ", province: "Hà Nội", receivingAgency: "Sở Y tế").name,
                       "Phường Láng")
    }

    func testDefaultDataPathsFollowXDG() {
        XCTAssertEqual(DataPaths.wardDatabase(environment: ["XDG_DATA_HOME": "/x/data", "HOME": "/home/a"]),
                       "/x/data/wardcase/ward.sqlite")
        XCTAssertEqual(DataPaths.wardDatabase(environment: ["HOME": "/home/a"]), "/home/a/.local/share/wardcase/ward.sqlite")
        XCTAssertEqual(DataPaths.demoDatabase(environment: ["HOME": "/home/a"]), "/home/a/.local/share/wardcase/demo.sqlite")
    }
}

final class TypedDateAndTimeTests: XCTestCase {
    func testTimesAsPeopleWriteThem() {
        for (typed, normal) in [("09:30", "09:30"), ("9:30", "09:30"), ("9h30", "09:30"), ("9H30", "09:30"), ("9g30", "09:30"),
                                ("0930", "09:30"), ("930", "09:30"), ("9h", "09:00"), ("9", "09:00"), ("21.05", "21:05"), (" 7 h 15 ", "07:15")] {
            XCTAssertEqual(VisitRules.normalTime(typed), normal, typed)
        }
        for bad in ["", "24:00", "9:60", "9h3", "abc", "12345", "９:３０"] {
            XCTAssertNil(VisitRules.normalTime(bad), bad)
        }
    }

    func testDatesAsPeopleTypeThem() {
        XCTAssertEqual(Formats.Day(vietnamese: "31/12", thisYear: 2026), Formats.Day(year: 2026, month: 12, day: 31))
        XCTAssertNil(Formats.Day(vietnamese: "5/6/26", thisYear: 2026), "which century is a guess")
        XCTAssertEqual(Formats.Day(vietnamese: "05-06-1998", thisYear: 2026), Formats.Day(year: 1998, month: 6, day: 5))
        XCTAssertNil(Formats.Day(vietnamese: "31/02", thisYear: 2026))
        XCTAssertNil(Formats.Day(vietnamese: "31", thisYear: 2026))
        XCTAssertNil(Formats.Day(vietnamese: "1/2/345", thisYear: 2026))
    }
}
