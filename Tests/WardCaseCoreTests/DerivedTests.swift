import GRDB
import XCTest
@testable import WardCaseCore
@testable import WardCaseDemo

/// The facts kept on records (Derived.swift) follow every write of the records they come from,
/// whoever makes it, and `check` says when they do not.
final class DerivedTests: XCTestCase {
    func seeded() throws -> WardStore {
        let store = try WardStore.inMemory()
        XCTAssertTrue(try DemoWard.seedIfEmpty(store, resources: ResourceLocator.directory()))
        return store
    }

    func mismatches(_ store: WardStore) throws -> [String: Int] {
        try store.testConnection.read { db in
            var out: [String: Int] = [:]
            for (what, sql) in DerivedFacts.mismatches { out[what] = try Int.fetchOne(db, sql: sql) ?? 0 }
            return out
        }
    }

    func assertInStep(_ store: WardStore, _ after: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let found = try mismatches(store)
        XCTAssertEqual(found.values.reduce(0, +), 0, "after \(after): \(found)", file: file, line: line)
    }

    func testTheFactsFollowEveryWriteAndCheckSeesWhenTheyDoNot() throws {
        let store = try seeded()
        try assertInStep(store, "seeding the demo")
        XCTAssertGreaterThan(try store.testConnection.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM visit WHERE followed_up = 1") ?? 0 }, 0)
        XCTAssertGreaterThan(try store.testConnection.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM support_case WHERE first_used IS NOT NULL") ?? 0 }, 0)

        try store.testConnection.write { db in
            // A visit with a follow-up due, followed by a planned visit (not yet made), then carried out.
            let open = try XCTUnwrap(Int64.fetchOne(db, sql: "SELECT id FROM visit WHERE follow_up_due IS NOT NULL AND followed_up = 0 AND status = 'approved' LIMIT 1"))
            let place = try XCTUnwrap(Int64.fetchOne(db, sql: "SELECT establishment_id FROM visit WHERE id = ?", arguments: [open]))
            try db.execute(sql: """
                INSERT INTO visit (establishment_id, visit_date, kind, status, follows_visit_id, author_name) VALUES (?, '2026-11-30', 'follow_up', 'planned', ?, 'x')
                """, arguments: [place, open])
            let followUp = db.lastInsertedRowID
            XCTAssertEqual(try Int.fetchOne(db, sql: "SELECT followed_up FROM visit WHERE id = ?", arguments: [open]), 0, "a planned visit is not a follow-up made")
            try db.execute(sql: "UPDATE visit SET status = 'draft' WHERE id = ?", arguments: [followUp])
            XCTAssertEqual(try Int.fetchOne(db, sql: "SELECT followed_up FROM visit WHERE id = ?", arguments: [open]), 1)
            // Pointed at another visit: the first is open again, the other followed.
            let other = try XCTUnwrap(Int64.fetchOne(db, sql: "SELECT id FROM visit WHERE followed_up = 0 AND status = 'approved' AND id <> ? LIMIT 1", arguments: [open]))
            try db.execute(sql: "UPDATE visit SET follows_visit_id = ? WHERE id = ?", arguments: [other, followUp])
            XCTAssertEqual(try Int.fetchOne(db, sql: "SELECT followed_up FROM visit WHERE id = ?", arguments: [open]), 0)
            XCTAssertEqual(try Int.fetchOne(db, sql: "SELECT followed_up FROM visit WHERE id = ?", arguments: [other]), 1)
            try db.execute(sql: "UPDATE visit SET status = 'planned' WHERE id = ?", arguments: [followUp])
            try db.execute(sql: "DELETE FROM visit WHERE id = ?", arguments: [followUp])
            XCTAssertEqual(try Int.fetchOne(db, sql: "SELECT followed_up FROM visit WHERE id = ?", arguments: [other]), 0)

            // A case screened again: its latest screening is the new one, by date then by entry.
            let c = try XCTUnwrap(Int64.fetchOne(db, sql: "SELECT id FROM support_case WHERE needs_now = 1 LIMIT 1"))
            try db.execute(sql: "INSERT INTO screening (case_id, date, needs, author_name) VALUES (?, '2099-01-01', '', 'x')", arguments: [c])
            let later = db.lastInsertedRowID
            XCTAssertEqual(try String.fetchOne(db, sql: "SELECT screened_on || ' ' || needs_now FROM support_case WHERE id = ?", arguments: [c]), "2099-01-01 0")
            try db.execute(sql: "UPDATE screening SET needs = 'health' WHERE id = ?", arguments: [later])
            XCTAssertEqual(try Int.fetchOne(db, sql: "SELECT needs_now FROM support_case WHERE id = ?", arguments: [c]), 1)
            try db.execute(sql: "DELETE FROM screening WHERE id = ?", arguments: [later])
            XCTAssertNotEqual(try String.fetchOne(db, sql: "SELECT screened_on FROM support_case WHERE id = ?", arguments: [c]), "2099-01-01")

            // A referral used, then its date corrected.
            let r = try XCTUnwrap(Row.fetchOne(db, sql: "SELECT id, case_id FROM referral WHERE used_date IS NULL LIMIT 1"))
            let rid: Int64 = r[0], rc: Int64 = r[1]
            try db.execute(sql: "UPDATE referral SET used_date = '2000-01-02' WHERE id = ?", arguments: [rid])
            XCTAssertEqual(try String.fetchOne(db, sql: "SELECT first_used FROM support_case WHERE id = ?", arguments: [rc]), "2000-01-02")
            try db.execute(sql: "UPDATE referral SET used_date = NULL WHERE id = ?", arguments: [rid])
            XCTAssertNotEqual(try String.fetchOne(db, sql: "SELECT first_used FROM support_case WHERE id = ?", arguments: [rc]), "2000-01-02")
        }
        try assertInStep(store, "the writes above")
        XCTAssertEqual(try store.check(by: store.everyRole()), [])

        // Set wrong behind the triggers' back: check says so.
        try store.testConnection.writeWithoutTransaction { db in
            try db.execute(sql: "UPDATE visit SET followed_up = 1 - followed_up WHERE id IN (SELECT id FROM visit WHERE status = 'draft' LIMIT 2)")
        }
        XCTAssertEqual(try store.check(by: store.everyRole()), [.staleDerived(what: "visit.followed_up", count: 2)])
    }
}
