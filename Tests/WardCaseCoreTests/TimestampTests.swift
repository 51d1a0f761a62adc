import XCTest
@testable import WardCaseCore

final class TimestampTests: XCTestCase {
    /// The arithmetic formatter writes exactly what ISO8601DateFormatter wrote before it.
    func testTheSameTextAsTheSystemFormatterAndBack() {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        var rng = SystemRandomNumberGenerator()
        let fixed: [TimeInterval] = [0, -1, 59.999, 951_782_400 /* 29/02/2000 */, 1_795_000_000, 4_102_444_799.5, -2_208_988_800]
        for t in fixed + (0..<2000).map({ _ in Double(Int64.random(in: -3_000_000_000...5_000_000_000, using: &rng)) + 0.25 }) {
            let d = Date(timeIntervalSince1970: t)
            XCTAssertEqual(Timestamp.string(d), f.string(from: d), "\(t)")
            XCTAssertEqual(Timestamp.parse(Timestamp.string(d)), Date(timeIntervalSince1970: t.rounded(.down)), "\(t)")
        }
    }
}
