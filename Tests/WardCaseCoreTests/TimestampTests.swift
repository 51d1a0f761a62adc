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

final class FoldTests: XCTestCase {
    /// The table-driven fold gives exactly what the definition (decompose, drop marks) gives.
    func testTheFastFoldIsTheDefinition() {
        var rng = SystemRandomNumberGenerator()
        let pieces = ["Đống Đa", "ệ", "e\u{0302}\u{0323}", " ", "  ", "\t", "\n", "\r\n", "\u{00A0}", "\u{3000}", "İ", "ß", "Ǆ", "ﬁ",
                      "Nguyễn Thị Hoa", "KARAOKE", "a\u{0301}", "\u{0301}", "한국", "Ω", "\u{0001}", "x", "1.500.000đ", "Ⅻ", "ǅ", "ẞ", "ΐ"]
        for _ in 0..<20_000 {
            var s = ""
            for _ in 0..<Int.random(in: 0...6, using: &rng) {
                if Bool.random(using: &rng) { s += pieces.randomElement(using: &rng)! }
                else if let u = Unicode.Scalar(UInt32.random(in: 0...0x2FFF, using: &rng)) { s.unicodeScalars.append(u) }
            }
            XCTAssertEqual(VietText.fold(s), VietText.slowFold(s), "\(s.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        XCTAssertEqual(VietText.fold("  Karaoke   ĐỐNG  Đa \n"), "karaoke dong da")
    }

    func testCleanKeepsItsMeaningOnTheASCIIFastPath() {
        for s in ["", "  a  ", "abc", "a\u{7F}b", "a\u{1}b", "\tx\t", " Karaoke 1 ", "e\u{0301}", "\u{00A0}x"] {
            let old = VietText.nfc(String(String.UnicodeScalarView(s.unicodeScalars.filter { $0 == "\t" || $0.properties.generalCategory != .control }))
                .trimmingCharacters(in: .whitespacesAndNewlines))
            XCTAssertEqual(VietText.clean(s), old, s.debugDescription)
        }
    }

    func testNFCFastPathIsNFC() {
        var rng = SystemRandomNumberGenerator()
        let pieces = ["Nguyễn", "e\u{0302}\u{0301}", "ệ", "\u{0301}", "A", "Å", "\u{212B}", "ﬁ", " ", "Ǆ", "ẛ", "\u{0323}"]
        for _ in 0..<20_000 {
            var s = ""
            for _ in 0..<Int.random(in: 0...5, using: &rng) {
                if Bool.random(using: &rng) { s += pieces.randomElement(using: &rng)! }
                else if let u = Unicode.Scalar(UInt32.random(in: 0x20...0x1FFF, using: &rng)) { s.unicodeScalars.append(u) }
            }
            XCTAssertEqual(Array(VietText.nfc(s).unicodeScalars), Array(s.precomposedStringWithCanonicalMapping.unicodeScalars), s.debugDescription)
        }
    }

    func testTrimmedIsTrimmingWhiteSpaceAndNewlines() {
        for s in ["", " ", " a ", "\n\ta b\r\n", "a", "\u{00A0}x\u{3000}", "x\u{2028}"] {
            XCTAssertEqual(VietText.trimmed(s), s.trimmingCharacters(in: .whitespacesAndNewlines), s.debugDescription)
        }
    }
}

final class AuditJSONTests: XCTestCase {
    /// The hand-written audit JSON is the text JSONEncoder wrote before it.
    func testTheSameTextAsJSONEncoder() throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var rng = SystemRandomNumberGenerator()
        let samples = ["", "Karaoke \"Sao\" / Đống Đa", "a\\b", "line\nbreak\r\t", "\u{0}\u{1}\u{8}\u{C}\u{1F}\u{7F}", "ễ😀", "\u{2028}"]
        for _ in 0..<3000 {
            var fields: [String: String] = [:]
            for _ in 0..<Int.random(in: 0...5, using: &rng) {
                var value = samples.randomElement(using: &rng)!
                if let u = Unicode.Scalar(UInt32.random(in: 0...0x7F, using: &rng)) { value.unicodeScalars.append(u) }
                fields["k" + String(Int.random(in: 0...20, using: &rng))] = value
            }
            XCTAssertEqual(Audit.json(fields), String(decoding: try enc.encode(fields), as: UTF8.self), "\(fields)")
        }
    }
}
