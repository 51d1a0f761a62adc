import XCTest
@testable import WardCaseExport
@testable import WardCaseCore

/// A case exported with its identity is a file only its owner may read, and it never goes
/// through a link someone left in its place.
final class PrivateFileTests: XCTestCase {
    func testAnExportIsTheOwnersAloneAndNeverFollowsALink() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-private-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("ho-so.txt").path
        try PrivateFile.write(Data("Lò Thị Kiểm Tra".utf8), to: path, replace: false)
        let mode = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        XCTAssertEqual(mode & 0o777, 0o600)
        XCTAssertThrowsError(try PrivateFile.write(Data("khác".utf8), to: path, replace: false)) {
            XCTAssertEqual($0 as? WardError, .fileExists(path: path))
        }
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "Lò Thị Kiểm Tra")
        // Someone leaves a link where the next export will go, pointing at a file of their own.
        let theirs = folder.appendingPathComponent("cua-ke-khac.txt").path
        try Data("của kẻ khác".utf8).write(to: URL(fileURLWithPath: theirs))
        let trap = folder.appendingPathComponent("bay.txt").path
        try FileManager.default.createSymbolicLink(atPath: trap, withDestinationPath: theirs)
        XCTAssertThrowsError(try PrivateFile.write(Data("bí mật".utf8), to: trap, replace: false)) {
            XCTAssertEqual($0 as? WardError, .fileExists(path: trap))
        }
        try PrivateFile.write(Data("bí mật".utf8), to: trap, replace: true)
        XCTAssertEqual(try String(contentsOfFile: theirs, encoding: .utf8), "của kẻ khác", "the link was replaced, not followed")
        XCTAssertNil(try? FileManager.default.destinationOfSymbolicLink(atPath: trap))
    }
}
