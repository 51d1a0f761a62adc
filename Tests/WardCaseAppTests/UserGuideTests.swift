import Foundation
import XCTest
import TerminalKit
@testable import WardCaseApp
@testable import WardCaseCore

/// docs/HUONG-DAN.md shows screens captured from the app itself. This test renders each one on
/// the demo ward at the fixed test date and checks the guide still shows it; with
/// UPDATE_SNAPSHOTS=1 it writes the captures into the guide.
final class UserGuideTests: XCTestCase {
    /// Each capture: how to reach it from a fresh demo app.
    private let captures: [String: [Key]] = [
        "establishments": [],
        "visit-record": [.char("2"), .enter],
        "overview": [.char("0")],
        "awaiting-approval": [.function(2), .home, .down, .down, .down, .enter, .char("2"), .char("v")],
        "cases": [.char("3")],
        "report": [.char("4"), .enter],
    ]

    func testTheGuideShowsTheRealScreens() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/HUONG-DAN.md")
        var guide = try String(contentsOf: url, encoding: .utf8)
        let update = ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] == "1"
        for (name, keys) in captures.sorted(by: { $0.key < $1.key }) {
            let h = try Harness(width: 100, height: 30)
            for k in keys { h.press(k) }
            let block = "<!-- screen: \(name) -->\n```text\n\(h.screen)\n```\n<!-- /screen -->"
            let pattern = "<!-- screen: \(name) -->[\\s\\S]*?<!-- /screen -->"
            guard let range = guide.range(of: pattern, options: .regularExpression) else {
                XCTFail("the guide has no place for the \(name) screen")
                continue
            }
            if update {
                guide.replaceSubrange(range, with: block)
            } else {
                XCTAssertEqual(String(guide[range]), block, "the \(name) capture in docs/HUONG-DAN.md is out of date; run with UPDATE_SNAPSHOTS=1")
            }
        }
        if update { try guide.write(to: url, atomically: true, encoding: .utf8) }
    }
}
