import XCTest
@testable import WardCaseCore

final class StringTableTests: XCTestCase {
    /// Every key declared in Sources/WardCaseCore/Msg+*.swift, checking that each reads
    /// `static let name = Msg("name")`: a name that says one key and holds another is a bug.
    static func declaredKeys() throws -> [String] {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/WardCaseCore")
        let pattern = try NSRegularExpression(pattern: #"static let (\w+) = Msg\("(\w+)"\)"#)
        var keys: [String] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasPrefix("Msg+") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for m in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let name = String(text[Range(m.range(at: 1), in: text)!]), key = String(text[Range(m.range(at: 2), in: text)!])
                XCTAssertEqual(name, key, "\(file): Msg.\(name) holds the key \(key)")
                keys.append(key)
            }
        }
        XCTAssertEqual(keys.count, Set(keys).count, "a key declared twice")
        return keys
    }

    func testBothLanguagesHaveEveryKeyAndNoOthers() throws {
        let resources = try ResourceLocator.directory()
        let expected = Set(try Self.declaredKeys())
        XCTAssertGreaterThan(expected.count, 1000)
        for language in Language.allCases {
            let table = try Localizer.loadTable(language, resources: resources)
            let keys = Set(table.keys)
            XCTAssertEqual(expected.subtracting(keys).sorted(), [], "missing in \(language.rawValue).json")
            XCTAssertEqual(keys.subtracting(expected).sorted(), [], "unused keys in \(language.rawValue).json")
            for (key, value) in table {
                XCTAssertFalse(value.isEmpty, "\(language.rawValue).\(key) is empty")
            }
        }
    }

    func testPlaceholdersMatchAcrossLanguages() throws {
        let resources = try ResourceLocator.directory()
        let vi = try Localizer.loadTable(.vi, resources: resources)
        let en = try Localizer.loadTable(.en, resources: resources)
        let pattern = try NSRegularExpression(pattern: "\\{[0-9]\\}")
        func holes(_ s: String) -> Set<String> {
            Set(pattern.matches(in: s, range: NSRange(s.startIndex..., in: s)).map { String(s[Range($0.range, in: s)!]) })
        }
        for key in try Self.declaredKeys() {
            XCTAssertEqual(holes(vi[key] ?? ""), holes(en[key] ?? ""), key)
        }
    }

    func testLanguageChoice() throws {
        XCTAssertEqual(try Language.resolve(flag: nil, environment: [:]), .vi)
        XCTAssertEqual(try Language.resolve(flag: nil, environment: ["WARDCASE_LANG": "en"]), .en)
        XCTAssertEqual(try Language.resolve(flag: "vi", environment: ["WARDCASE_LANG": "en"]), .vi)
        XCTAssertThrowsError(try Language.resolve(flag: "fr", environment: [:]))
        let l = try Localizer.load(.vi, resources: ResourceLocator.directory())
        XCTAssertEqual(l.t(.establishmentCount, 142), "142 cơ sở")
    }
}
