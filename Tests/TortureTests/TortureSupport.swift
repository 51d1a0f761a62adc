import Foundation
import XCTest

/// The torture suites are slow (minutes): `swift test` alone skips them; `.ci/run` and
/// `./install.sh --test` set WARDCASE_FULL_TESTS=1 and run them. Each torture class derives from this.
class TortureCase: XCTestCase {
    override func setUpWithError() throws {
        try super.setUpWithError()
        guard ProcessInfo.processInfo.environment["WARDCASE_FULL_TESTS"] == "1" else {
            throw XCTSkip("the torture suites run with WARDCASE_FULL_TESTS=1 (as .ci/run and ./install.sh --test do)")
        }
    }
}

/// A small, seeded random generator: every torture run can be replayed from its seed.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
