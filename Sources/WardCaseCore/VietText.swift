import Foundation

/// Vietnamese text helpers: NFC storage form and the accent-free folded form every search uses.
public enum VietText {
    /// The form text is stored in: Unicode NFC, so "ệ" typed as e + marks and "ệ" precomposed compare equal.
    public static func nfc(_ s: String) -> String {
        // Text of ASCII and precomposed Latin letters (Vietnamese as typed) is NFC already.
        if s.unicodeScalars.allSatisfy({ $0.isASCII || nfcLetters.contains($0.value) }) { return s }
        return s.precomposedStringWithCanonicalMapping
    }

    /// Latin letters that are their own NFC and never compose with a neighbour that is not a mark.
    private static let nfcLetters: Set<UInt32> = {
        var set = Set<UInt32>()
        for v in Array(0x00A0...0x024F) + Array(0x1E00...0x1EFF) {
            guard let scalar = Unicode.Scalar(v), scalar.properties.generalCategory != .nonspacingMark,
                  scalar.properties.canonicalCombiningClass == .notReordered,
                  String(scalar).precomposedStringWithCanonicalMapping.unicodeScalars.elementsEqual([scalar]) else { continue }
            set.insert(UInt32(v))
        }
        return set
    }()

    /// Lower-case, accent-free form: "Đống Đa" -> "dong da". Unicode does not decompose đ/Đ,
    /// so they are mapped by hand before the marks are stripped.
    ///
    /// Letters are looked up in a table made once from the slow path below (ASCII, Latin-1 and the
    /// Vietnamese letters of Latin Extended Additional), so most text is never decomposed: an
    /// import folds every row's name, address and search text.
    public static func fold(_ s: String) -> String {
        // One pass over the scalars into UTF-8 bytes. A scalar the table does not know sends the
        // whole string to the definition: other scripts can group characters across a space
        // (Unicode's grapheme rules).
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        var pendingSpace = false
        for scalar in s.unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                if v == 0x20 || (0x09...0x0D).contains(v) {
                    pendingSpace = !out.isEmpty
                    continue
                }
                if pendingSpace { out.append(0x20); pendingSpace = false }
                out.append(UInt8(v >= 65 && v <= 90 ? v + 32 : v))
            } else if isCombiningDiacritic(scalar) {
                continue
            } else if let folded = foldTable[v] {
                if folded.isEmpty { continue }
                if pendingSpace { out.append(0x20); pendingSpace = false }
                out.append(contentsOf: folded)
            } else {
                return slowFold(s)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func isCombiningDiacritic(_ s: Unicode.Scalar) -> Bool { s.value >= 0x300 && s.value <= 0x36F }

    /// Folded forms of the letters wardcase meets most, made once by the slow path.
    private static let foldTable: [UInt32: [UInt8]] = {
        var table: [UInt32: [UInt8]] = [:]
        for range in [0x00A0...0x024F, 0x1E00...0x1EFF] {
            for v in range {
                guard let scalar = Unicode.Scalar(v), !scalar.properties.isWhitespace else { continue }
                let f = slowFold(String(scalar))
                // Only single letters that fold to plain, space-free text go in the table.
                if !f.unicodeScalars.contains(where: { $0.properties.isWhitespace }) { table[UInt32(v)] = Array(f.utf8) }
            }
        }
        return table
    }()

    /// The definition: decompose, drop the marks, map đ, lower-case, collapse white space.
    static func slowFold(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in s.decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark:
                continue
            default:
                break
            }
            switch scalar {
            case "đ", "Đ": out.append("d")
            default:
                for lower in scalar.properties.lowercaseMapping.unicodeScalars { out.append(lower) }
            }
        }
        // Collapse runs of whitespace so "dong  da" and "dong da" fold alike.
        return String(out).split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Surrounding white space and line breaks removed (without a round trip through NSString).
    public static func trimmed(_ s: String) -> String {
        // Ends in printable ASCII other than a space (most cells): nothing to trim, and no
        // grapheme breaking to find that out.
        if let a = s.utf8.first, let z = s.utf8.last, (0x21...0x7E).contains(a), (0x21...0x7E).contains(z) { return s }
        guard let first = s.first, let last = s.last, first.isWhitespace || last.isWhitespace else { return s }
        return String(s.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }

    /// Trims surrounding white space, drops control characters and stores NFC.
    public static func clean(_ s: String, multiline: Bool = false) -> String {
        // Printable ASCII is already clean and in NFC: only the ends are trimmed.
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return trimmed(s) }
        // Unicode's control characters (Cc) are U+0000–U+001F and U+007F–U+009F; the text is
        // copied only when it has one to drop.
        func dropped(_ scalar: Unicode.Scalar) -> Bool {
            let v = scalar.value
            return (v < 0x20 || (0x7F...0x9F).contains(v)) && scalar != "\t" && !(multiline && scalar == "\n")
        }
        guard s.unicodeScalars.contains(where: dropped) else { return nfc(trimmed(s)) }
        return nfc(trimmed(String(String.UnicodeScalarView(s.unicodeScalars.filter { !dropped($0) }))))
    }

    /// The compact form of a residential group for narrow columns:
    /// "Tổ dân phố số 12" -> "TDP 12", "Khu phố 3" -> "KP 3"; anything else unchanged.
    public static func shortGroup(_ s: String) -> String {
        let prefixes = [("to dan pho", "TDP"), ("khu pho", "KP"), ("thon", "Thôn"), ("to", "Tổ")]
        let folded = fold(s)
        for (long, short) in prefixes where folded.hasPrefix(long + " ") {
            var rest = String(s.dropFirst(long.count)).trimmingCharacters(in: .whitespaces)
            if fold(rest).hasPrefix("so ") { rest = String(rest.dropFirst(3)) }
            return short + " " + rest
        }
        return s
    }
}
