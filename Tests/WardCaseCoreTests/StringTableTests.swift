import XCTest
@testable import WardCaseCore

final class StringTableTests: XCTestCase {
    func testBothLanguagesHaveEveryKeyAndNoOthers() throws {
        let resources = try ResourceLocator.directory()
        let expected = Set(Msg.allCases.map(\.rawValue))
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
        for key in Msg.allCases {
            XCTAssertEqual(holes(vi[key.rawValue] ?? ""), holes(en[key.rawValue] ?? ""), key.rawValue)
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
