/// Column widths of text as a terminal draws it: combining marks take 0 columns, East Asian wide
/// characters and emoji 2, everything else 1. NFC Vietnamese is one column a letter.
/// Pure Swift, so that it does not depend on the process locale as wcwidth does.
public enum TextWidth {
    public static func of(_ ch: Character) -> Int {
        guard let first = ch.unicodeScalars.first else { return 0 }
        return of(first)
    }

    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        case .control: return 1  // drawn as a visible replacement by the buffer
        default: break
        }
        if scalar.properties.isEmojiPresentation { return 2 }
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    public static func of(_ s: String) -> Int { s.reduce(0) { $0 + of($1) } }

    /// Cuts `s` to at most `width` columns, ending with "…" when something was cut.
    public static func truncate(_ s: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        if of(s) <= width { return s }
        var out = "", used = 0
        for ch in s {
            let w = of(ch)
            if used + w > width - 1 { break }
            out.append(ch); used += w
        }
        return out + "…"
    }

    /// Pads (or cuts) `s` to exactly `width` columns.
    public static func pad(_ s: String, to width: Int, alignRight: Bool = false) -> String {
        let t = truncate(s, to: width)
        let gap = String(repeating: " ", count: max(0, width - of(t)))
        return alignRight ? gap + t : t + gap
    }

    /// Breaks text into lines of at most `width` columns, at spaces where possible.
    public static func wrap(_ s: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        for paragraph in s.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: false) {
                let w = String(word)
                let candidate = line.isEmpty ? w : line + " " + w
                if of(candidate) <= width { line = candidate; continue }
                if !line.isEmpty { lines.append(line) }
                var rest = w
                while of(rest) > width && rest.count > 1 {
                    var head = "", used = 0
                    // At least one character per line, even one wider than the line.
                    for ch in rest { if used + of(ch) > width && !head.isEmpty { break }; head.append(ch); used += of(ch) }
                    lines.append(head)
                    rest = String(rest.dropFirst(head.count))
                }
                line = rest
            }
            lines.append(line)
        }
        return lines
    }

    /// Replaces control characters (C0, DEL, C1 — ESC among them) with "�" so that no escape
    /// sequence from stored data reaches the terminal. Tabs become a space.
    public static func safe(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { isControl($0) }) else { return text }
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            if s == "\t" { out.append(" ") } else if isControl(s) { out.append("\u{FFFD}") } else { out.append(s) }
        }
        return String(out)
    }

    public static func isControl(_ s: Unicode.Scalar) -> Bool {
        s.value < 0x20 || (s.value >= 0x7F && s.value < 0xA0) || s.value == 0x2028 || s.value == 0x2029
    }

    /// A bar of `width` columns, `fraction` of it filled: "████████░░░░".
    public static func bar(_ fraction: Double, width: Int) -> String {
        let w = max(0, width)
        let filled = min(w, max(0, Int((fraction * Double(w)).rounded(.down))))
        return String(repeating: "█", count: filled) + String(repeating: "░", count: w - filled)
    }
}
