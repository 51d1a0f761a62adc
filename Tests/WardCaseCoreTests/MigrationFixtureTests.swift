import XCTest
import GRDB
@testable import WardCaseCore

/// Landed migrations are frozen. Every released schema is kept as a fixture
/// (`Tests/Fixtures/schema/NN-<migration>.sql`: the schema right after that migration, and which
/// migrations had run), made by the code as it was when it landed. Each is migrated to the latest
/// version and must end with exactly the schema of a fresh database: a migration edited after it
/// landed gives a ward that migrated with the old text another schema than a new ward, and this
/// test is where that shows.
///
/// A new migration gets its fixture once, when it lands: `UPDATE_FIXTURES=1 swift test --filter
/// MigrationFixtureTests` writes the missing ones and never rewrites an existing one.
final class MigrationFixtureTests: XCTestCase {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/schema")

    static func file(_ index: Int, _ id: String) -> URL {
        folder.appendingPathComponent(String(format: "%02d-", index + 1) + id + ".sql")
    }

    /// The schema as statements, in the order SQLite keeps them, then the migrations applied.
    static func dump(_ db: Database) throws -> String {
        let schema = try String.fetchAll(db, sql: """
            SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' AND name <> 'grdb_migrations' ORDER BY rowid
            """)
        let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid")
        return (schema.map { $0 + ";" } + ["CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);"]
            + applied.map { "INSERT INTO grdb_migrations VALUES ('\($0)');" }).joined(separator: "\n\n") + "\n"
    }

    /// Every schema object, its SQL with whitespace collapsed, by type and name.
    static func schema(_ db: Database) throws -> [String: String] {
        var out: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'") {
            let sql: String = row["sql"]
            out["\(row["type"] as String) \(row["name"] as String)"] = sql.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        return out
    }

    /// An empty database with the SQL functions the store's connections have (migrations may call them).
    static func queue() throws -> DatabaseQueue { try DatabaseQueue(configuration: WardStore.withFunctions()) }

    func testEveryReleasedSchemaMigratesToTheSchemaOfAFreshDatabase() throws {
        let ids = Migrations.migrator.migrations
        if ProcessInfo.processInfo.environment["UPDATE_FIXTURES"] == "1" {
            try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
            for (i, id) in ids.enumerated() where !FileManager.default.fileExists(atPath: Self.file(i, id).path) {
                let q = try Self.queue()
                try Migrations.migrator.migrate(q, upTo: id)
                try q.read { db in try Self.dump(db) }.write(to: Self.file(i, id), atomically: true, encoding: .utf8)
            }
        }
        let fresh = try Self.queue()
        try Migrations.migrator.migrate(fresh)
        let expected = try fresh.read { db in try Self.schema(db) }
        XCTAssertGreaterThan(expected.count, 40)
        for (i, id) in ids.enumerated() {
            let url = Self.file(i, id)
            guard let sql = try? String(contentsOf: url, encoding: .utf8) else {
                XCTFail("no fixture for \(id): run UPDATE_FIXTURES=1 swift test --filter MigrationFixtureTests once, when it lands")
                continue
            }
            let old = try Self.queue()
            try old.write { db in try db.execute(sql: sql) }
            XCTAssertEqual(try old.read { db in try Migrations.migrator.appliedIdentifiers(db) }, Set(ids.prefix(i + 1)), id)
            try Migrations.migrator.migrate(old)
            let got = try old.read { db in try Self.schema(db) }
            XCTAssertEqual(Set(got.keys), Set(expected.keys), "\(id): objects differ")
            for (name, text) in expected where got[name] != text {
                XCTFail("\(id) migrated to the latest differs from a fresh database in \(name):\n\(got[name] ?? "missing")\n— fresh —\n\(text)")
            }
        }
    }
}
