import XCTest
@testable import WardCaseCore

/// Words shown in several places, said once and in the reader's language.
final class PresentationTests: XCTestCase {
    func testHistorySpeaksTheReadersLanguageWithLabelsAndFormattedValues() throws {
        let resources = try ResourceLocator.directory()
        let vi = try Localizer.load(.vi, resources: resources), en = try Localizer.load(.en, resources: resources)
        let submitted = AuditEntry(id: 1, at: Date(), accountId: nil, actor: "canbo", action: .status, recordType: "visit", recordId: 7,
                                   before: ["status": "draft"], after: ["status": "submitted"])
        XCTAssertEqual(submitted.changeText(vi), "Trạng thái: Bản nháp → Chờ duyệt")
        XCTAssertFalse(submitted.changeText(en).contains("draft"), submitted.changeText(en))
        let fined = AuditEntry(id: 2, at: Date(), accountId: nil, actor: "canbo", action: .update, recordType: "visit", recordId: 7,
                               before: ["violations": ""],
                               after: ["violations": "Không niêm yết giá [Điều 12 NĐ 144/2021] fine 2000000"])
        let text = fined.changeText(vi)
        XCTAssertTrue(text.hasPrefix("Hành vi vi phạm: — → Không niêm yết giá ("), text)
        XCTAssertTrue(text.contains("2.000.000 đ"), text)
        XCTAssertFalse(text.contains("violations") || text.contains("fine 2000000"), text)
        let unknown = AuditEntry(id: 3, at: Date(), accountId: nil, actor: "x", action: .update, recordType: "visit", recordId: 7,
                                 before: [:], after: ["something_new": "5"])
        XCTAssertEqual(unknown.changeText(vi), "something_new: 5", "a key the screens do not know is shown as stored")
    }

    func testAnAccountsStateAndAServiceList() throws {
        let l = try Localizer.load(.vi, resources: ResourceLocator.directory())
        XCTAssertEqual(Service.names([], l, empty: "—"), "—")
        XCTAssertFalse(Service.names(Set(Service.allCases), l).isEmpty)
    }
}
