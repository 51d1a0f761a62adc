import Foundation

// Nasty inputs, all from a seeded SplitMix so that any failure can be replayed from its seed and
// input number: text as people paste it (Vietnamese precomposed and decomposed, stacked combining
// marks, control characters, bidi and zero-width characters, emoji sequences, invalid UTF-8
// decoded), mutations of valid bytes, and a minimal ZIP writer so that mutated XML reaches the
// XLSX reader's XML code rather than stopping at a checksum.

extension SplitMix {
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &self)] }
}

/// An input's own generator: input `index` of a run seeded `seed` is the same whatever ran before.
func inputRNG(seed: UInt64, index: Int) -> SplitMix {
    var r = SplitMix(seed: seed ^ (UInt64(index) &* 0x9E37_79B9_7F4A_7C15))
    _ = r.next()
    return r
}

enum Nasty {
    static let vietnamese = Array("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXYáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵĐđ")
    static let ascii = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:-/'\"()[]{}!?@#$%^&*_+=<>|\\~`")
    /// Combining marks Vietnamese uses when typed decomposed, and a few others.
    static let marks: [Unicode.Scalar] = ["\u{0300}", "\u{0301}", "\u{0303}", "\u{0309}", "\u{0323}", "\u{0302}", "\u{0306}", "\u{031B}",
                                          "\u{0308}", "\u{20DD}", "\u{0489}", "\u{1AB0}"]
    /// C0, DEL, C1, and the separators terminals treat as line breaks.
    static let controls: [Unicode.Scalar] = (0...0x1F).map { Unicode.Scalar($0)! } + [Unicode.Scalar(0x7F)!] + (0x80...0x9F).map { Unicode.Scalar($0)! }
        + ["\u{2028}", "\u{2029}"]
    /// Zero-width, bidi, BOM, soft hyphen, prepend marks: format characters that draw nothing.
    static let invisible: [Unicode.Scalar] = ["\u{200B}", "\u{200C}", "\u{200D}", "\u{200E}", "\u{200F}", "\u{202A}", "\u{202B}", "\u{202C}",
                                              "\u{202D}", "\u{202E}", "\u{2066}", "\u{2067}", "\u{2068}", "\u{2069}", "\u{2060}", "\u{FEFF}",
                                              "\u{00AD}", "\u{0600}", "\u{061C}", "\u{180E}", "\u{FE0F}", "\u{E0001}", "\u{E007F}"]
    static let odd: [String] = ["\u{FFFD}", "漢", "字", "한", "글", "😀", "👍🏽", "👩‍👩‍👧‍👦", "🇻🇳", "\u{FFFF}", "\u{FFFE}", "\u{E000}",
                                "\u{1100}\u{1161}\u{11A8}", "ﷺ", "ǅ", "ﬃ", "Å", "\u{212B}", "\u{2000}", "\u{3000}", "\u{00A0}", "\r\n", "\t",
                                "‘", "’", "“", "”", "…", "–", "₫", "٣", "𝟘", "Ⅻ", "¹", "½"]

    /// One piece of text: mostly Vietnamese, with everything else mixed in.
    static func piece(_ r: inout SplitMix) -> String {
        switch r.int(0...99) {
        case 0..<40: return String(r.pick(vietnamese))
        case 40..<60: return String(r.pick(ascii))
        case 60..<70: return String(r.pick(vietnamese)) + String(r.pick(marks))
        case 70..<74:
            var v = String.UnicodeScalarView()
            for _ in 0..<r.int(2...12) { v.append(r.pick(marks)) }
            return String(v)
        case 74..<82: return String(r.pick(controls))
        case 82..<88: return String(r.pick(invisible))
        case 88..<94: return r.pick(odd)
        case 94..<97: return invalidUTF8(&r)
        default: return String(r.pick(marks))
        }
    }

    /// Random bytes, decoded as the app decodes files and terminal input: with replacement characters.
    static func invalidUTF8(_ r: inout SplitMix) -> String {
        var bytes: [UInt8] = []
        for _ in 0..<r.int(1...6) {
            let any = UInt8(r.int(0...255))
            bytes.append(r.pick([0x80, 0xBF, 0xC0, 0xC3, 0xE1, 0xED, 0xF0, 0xF4, 0xF8, 0xFE, 0xFF, any]))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Text of a random length: usually short, sometimes long, now and then a 10,000-character paste.
    static func text(_ r: inout SplitMix, pasteChance: Double = 0.01) -> String {
        if r.chance(pasteChance) { return paste(&r) }
        let n = r.chance(0.05) ? r.int(100...600) : r.int(0...24)
        var s = ""
        for _ in 0..<n { s += piece(&r) }
        return s
    }

    /// A paste of 10,000 pieces: a random stretch of 200, over and over (cheap to make, and as nasty).
    static func paste(_ r: inout SplitMix) -> String {
        var chunk = ""
        for _ in 0..<200 { chunk += piece(&r) }
        return String(repeating: chunk, count: 50)
    }

    /// Short text (up to a dozen pieces), now and then a few hundred: what most fields get.
    static func short(_ r: inout SplitMix) -> String {
        let n = r.chance(0.01) ? r.int(100...300) : r.int(0...12)
        var s = ""
        for _ in 0..<n { s += piece(&r) }
        return s
    }

    /// Text that looks like a date, a number or money, with damage.
    static func numberish(_ r: inout SplitMix) -> String {
        var s: String
        switch r.int(0...10) {
        case 0: s = ""
        case 1:
            let d = r.int(-5...40), m = r.int(-2...14), y0 = r.int(0...99), y1 = r.int(1890...2210), y2 = r.int(0...99_999)
            s = "\(d)/\(m)/\(r.pick([y0, y1, y2]))"
        case 2: s = String(format: "%04d-%02d-%02d", r.int(1800...2300), r.int(0...13), r.int(0...32))
        case 3: s = "\(r.int(1...31)).\(r.int(1...12)).\(r.int(0...3000))"
        case 4: s = "\(r.int(1...31))-\(r.int(1...12))-\(r.int(0...99))"
        case 5: s = String(r.int(-10...3_000_000))
        case 6: s = String(Double(r.int(0...100_000)) + Double(r.int(0...99)) / 100)
        case 7: s = r.pick(["1e300", "-1e300", "inf", "-inf", "nan", "1e19", "9.3e18", "-9.3e18", "0x1p63", "1e-300", "+5", "--5", "5-",
                            "٣/٤/٢٠٢٦", "１２/１０/２０２６", "29/02/2025", "29/02/2024", "31/04/2026", "00/00/0000", "9999999999999999999",
                            "99/99/9999"])
        case 8:
            let a = UInt64(r.int(0...Int(Int32.max))), b = UInt64(r.int(1...1_000_000))
            s = Formatsish.grouped(a &* b)
        case 9:
            let g = Formatsish.grouped(UInt64(r.int(0...999_999_999)))
            s = g + r.pick([" đ", " đồng", "đ", " VND", "vnd", " ₫", ",00", ".", ". ", " "])
        default: s = String(repeating: String(r.int(0...9)), count: r.int(1...40))
        }
        // Damage: a nasty piece inserted, a character dropped, spaces around.
        for _ in 0..<(r.chance(0.5) ? 0 : r.int(1...3)) {
            var chars = Array(s)
            switch r.int(0...3) {
            case 0:
                let p = piece(&r)
                chars.insert(contentsOf: Array(p), at: r.int(0...chars.count))
            case 1: if !chars.isEmpty { chars.remove(at: r.int(0...chars.count - 1)) }
            case 2: chars = Array(r.pick([" ", "\t", "\u{00A0}", "\u{3000}"])) + chars + Array(r.pick([" ", "", "\u{200B}"]))
            default: if !chars.isEmpty { chars[r.int(0...chars.count - 1)] = r.pick(Array("0123456789/-.., đ")) }
            }
            s = String(chars)
        }
        return s
    }
}

/// Digit grouping written independently of the app's (the oracle must not be the code under test).
enum Formatsish {
    static func grouped(_ n: UInt64) -> String {
        let digits = Array(String(n))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(".") }
            out.append(d)
        }
        return out
    }
}

/// Byte-level damage to a valid file.
enum Mutate {
    static func bytes(_ input: [UInt8], _ r: inout SplitMix, rounds: Int) -> [UInt8] {
        var b = input
        for _ in 0..<rounds {
            let n = b.count
            switch r.int(0...8) {
            case 0 where n > 0: b[r.int(0...n - 1)] ^= UInt8(1 << r.int(0...7))
            case 1 where n > 0: b[r.int(0...n - 1)] = UInt8(r.int(0...255))
            case 2 where n > 0:
                let at = r.int(0...n - 1), len = r.int(1...64)
                b.removeSubrange(at..<min(n, at + len))
            case 3:
                var junk: [UInt8] = []
                for _ in 0..<r.int(1...32) { junk.append(UInt8(r.int(0...255))) }
                b.insert(contentsOf: junk, at: r.int(0...n))
            case 4 where n > 1: b = Array(b.prefix(r.int(0...n - 1)))
            case 5 where n > 8:
                // An interesting value over a 4-byte field (sizes, offsets, counts).
                let at = r.int(0...n - 4)
                let small = UInt32(r.int(0...Int(UInt16.max)))
                let v: UInt32 = r.pick([0, 1, 0x7FFF_FFFF, 0xFFFF_FFFF, 0x8000_0000, UInt32(n), small])
                for k in 0..<4 { b[at + k] = UInt8((v >> (8 * UInt32(k))) & 0xFF) }
            case 6 where n > 16:
                // A block copied over another place.
                let from = r.int(0...n - 8), to = r.int(0...n - 8), len = min(r.int(1...256), n - max(from, to))
                let block = Array(b[from..<(from + len)])
                b.replaceSubrange(to..<(to + len), with: block)
            case 7 where n > 0:
                let from = r.int(0...n - 1), len = r.int(1...128), at = r.int(0...n)
                b.insert(contentsOf: Array(b[from..<n].prefix(len)), at: at)
            default: if n > 0 { b[r.int(0...n - 1)] = r.pick([0x00, 0xFF, 0x22, 0x3C, 0x3E, 0x2C, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF, 0xC3]) }
            }
        }
        return b
    }

    /// Damage to XML text that keeps it mostly XML: numbers grown, attributes and tags broken,
    /// entities and odd characters put in.
    static func xml(_ input: String, _ r: inout SplitMix, rounds: Int) -> String {
        var s = Array(input.unicodeScalars)
        for _ in 0..<rounds {
            let n = s.count
            guard n > 0 else { break }
            switch r.int(0...9) {
            case 0, 1:
                // A digit in a number replaced by many digits: huge row and column numbers, shared-string indexes.
                let digitsAt = (0..<20).map { _ in r.int(0...n - 1) }.first { ("0"..."9").contains(s[$0]) }
                if let at = digitsAt {
                    let grown = r.pick(["9999999", "1048577", "99999999999", "4294967296", "9223372036854775808", "-1", "0", "00", "1.5", "1e9"])
                    s.replaceSubrange(at...at, with: Array(grown.unicodeScalars))
                }
            case 2:
                // A cell reference made long: column letters that overflow.
                if let at = (0..<20).map({ _ in r.int(0...n - 1) }).first(where: { s[$0] == "r" && $0 + 3 < n && s[$0 + 1] == "=" }) {
                    let letters = String(repeating: "Z", count: r.int(1...30))
                    s.insert(contentsOf: Array(letters.unicodeScalars), at: at + 3)
                }
            case 3: s.insert(contentsOf: Array(r.pick(["&amp;", "&#0;", "&#xFFFE;", "&#x1F600;", "&bogus;", "<![CDATA[x]]>", "<!-- -->",
                                                        "<?pi x?>", "\u{0}", "\u{1B}[2J", "<c>", "</row>", "<row>", "<v>", "</v>",
                                                        "t=\"s\"", "t=\"d\"", "t=\"inlineStr\"", "s=\"1\"", "<is><t>x</t></is>",
                                                        "<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\">]>"]).unicodeScalars), at: r.int(0...n))
            case 4: s.remove(at: r.int(0...n - 1))
            case 5: s[r.int(0...n - 1)] = r.pick(["<", ">", "\"", "'", "/", "=", "&", " ", "\n", "x", "1"])
            case 6:
                let from = r.int(0...n - 1), len = min(r.int(1...200), n - from)
                s.insert(contentsOf: Array(s[from..<(from + len)]), at: r.int(0...n))
            case 7: s = Array(s.prefix(r.int(0...n - 1)))
            case 8: s.insert(contentsOf: Array(Nasty.piece(&r).unicodeScalars), at: r.int(0...n))
            default:
                let from = r.int(0...n - 1), len = min(r.int(1...50), n - from)
                s.removeSubrange(from..<(from + len))
            }
        }
        return String(String.UnicodeScalarView(s))
    }
}

/// A ZIP archive with stored (uncompressed) entries and correct checksums: enough for a reader
/// to reach the XML inside.
enum StoredZip {
    static let crcTable: [UInt32] = (0..<256).map { i -> UInt32 in
        var c = UInt32(i)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func crc32(_ data: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in data { c = crcTable[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }

    static func make(_ entries: [(String, [UInt8])]) -> [UInt8] {
        var out: [UInt8] = [], central: [UInt8] = []
        func u16(_ v: Int, _ a: inout [UInt8]) { a += [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF)] }
        func u32(_ v: UInt32, _ a: inout [UInt8]) { for k in 0..<4 { a.append(UInt8((v >> (8 * UInt32(k))) & 0xFF)) } }
        for (name, data) in entries {
            let nameBytes = Array(name.utf8), crc = crc32(data), offset = UInt32(out.count)
            u32(0x0403_4B50, &out); u16(20, &out); u16(0, &out); u16(0, &out); u16(0, &out); u16(0x21, &out)
            u32(crc, &out); u32(UInt32(data.count), &out); u32(UInt32(data.count), &out)
            u16(nameBytes.count, &out); u16(0, &out); out += nameBytes; out += data
            u32(0x0201_4B50, &central); u16(20, &central); u16(20, &central); u16(0, &central); u16(0, &central); u16(0, &central)
            u16(0x21, &central); u32(crc, &central); u32(UInt32(data.count), &central); u32(UInt32(data.count), &central)
            u16(nameBytes.count, &central); u16(0, &central); u16(0, &central); u16(0, &central); u16(0, &central)
            u32(0, &central); u32(offset, &central); central += nameBytes
        }
        let centralOffset = UInt32(out.count)
        out += central
        u32(0x0605_4B50, &out); u16(0, &out); u16(0, &out); u16(entries.count, &out); u16(entries.count, &out)
        u32(UInt32(central.count), &out); u32(centralOffset, &out); u16(0, &out)
        return out
    }
}
