import Foundation

/// Vietnamese text helpers: NFC storage form and the accent-free folded form every search uses.
public enum VietText {
    /// The form text is stored in: Unicode NFC, so "ệ" typed as e + marks and "ệ" precomposed compare equal.
    public static func nfc(_ s: String) -> String {
        s.precomposedStringWithCanonicalMapping
    }

    /// Lower-case, accent-free form: "Đống Đa" -> "dong da". Unicode does not decompose đ/Đ,
    /// so they are mapped by hand before the marks are stripped.
    public static func fold(_ s: String) -> String {
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

    /// Trims surrounding white space, drops control characters and stores NFC.
    public static func clean(_ s: String, multiline: Bool = false) -> String {
        let kept = s.unicodeScalars.filter { scalar in
            if multiline && scalar == "\n" { return true }
            if scalar == "\t" { return true }
            return scalar.properties.generalCategory != .control
        }
        var text = String(String.UnicodeScalarView(kept))
        text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return nfc(text)
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
