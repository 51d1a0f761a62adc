import XCTest
import TerminalKit
@testable import WardCaseApp
@testable import WardCaseCore

/// Every key a footer offers does something on that screen: the screen, the status line or the
/// app changes when it is pressed. Walked on the main screens of every section, as the
/// every-role demo account.
final class FooterWalkTests: XCTestCase {
    /// How to reach a screen from a fresh demo app.
    private let screens: [(String, [Key])] = [
        ("overview", [.char("0")]),
        ("establishments", []),
        ("establishment page", [.enter]),
        ("visits", [.char("2")]),
        ("visit record", [.char("2"), .enter]),
        ("tip-offs", [.char("2"), .char("t")]),
        ("hotspots", [.char("2"), .char("h")]),
        ("plans", [.char("2"), .char("p")]),
        ("cases", [.char("3")]),
        ("case page", [.char("3"), .enter]),
        ("referrals", [.char("3"), .char("r")]),
        ("reports", [.char("4")]),
        ("report", [.char("4"), .enter]),
        ("accounts", [.char("u")]),
        ("audit", [.char("a")]),
    ]

    func testEveryFooterKeyDoesSomething() throws {
        for (name, path) in screens {
            let probe = try Harness(width: 110, height: 34)
            for k in path { probe.press(k) }
            let offered = probe.app.footerActions
            XCTAssertFalse(offered.isEmpty, name)
            for action in offered {
                guard let key = action.keys.first else { continue }
                let h = try Harness(width: 110, height: 34)
                for k in path { h.press(k) }
                let before = h.screen
                h.press(key)
                XCTAssertTrue(h.screen != before || h.app.finished, "\(name): \(action.keyLabel) (\(action.id)) did nothing")
            }
        }
    }
}
