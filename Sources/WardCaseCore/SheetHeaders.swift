import Foundation

/// How an import reads a spreadsheet's header row, for any kind of record: each header is matched
/// to a field by the names wards write (folded: no accents, lower case), an exact name first,
/// else the longest name the header contains; the header row is the first (of 30) that names
/// the record's key column and one other, under any title lines.
package struct SheetHeaders<Field: Hashable & Sendable>: Sendable {
    /// The column a header row must name ("Tên cơ sở", "Họ và tên").
    let key: Field
    let names: [Field: [String]]

    /// Row-number columns every list has; known, so not reported, and not imported.
    static var ignored: Set<String> { ["stt", "tt", "so tt", "no", "#"] }

    /// The field a header names, if any.
    func field(forHeader header: String) -> Field? {
        let h = VietText.fold(header).trimmingCharacters(in: CharacterSet(charactersIn: " .:*"))
        if h.isEmpty { return nil }
        if let exact = names.first(where: { $0.value.contains(h) })?.key { return exact }
        var best: (Field, Int)?
        for (field, names) in names {
            for n in names where n.count > 3 && h.contains(n) && n.count > (best?.1 ?? 0) { best = (field, n.count) }
        }
        return best?.0
    }

    /// The first row (of the first 30) that names the key column and at least one other;
    /// `known` are the exact (folded) headers that win over the names: a record's own labels
    /// and the columns the user assigned.
    func headerLine(_ rows: [[String]], known: [String: Field]) -> Int? {
        for (i, row) in rows.prefix(30).enumerated() {
            let fields = row.compactMap { known[VietText.fold($0)] ?? field(forHeader: $0) }
            if fields.contains(key) && Set(fields).count >= 2 { return i }
        }
        return nil
    }

    /// Which column holds which field (the first column naming a field takes it), and the headers
    /// that name none, by their text: reported, not silently dropped.
    func columns(_ header: [String], known: [String: Field]) -> (columns: [Int: Field], unknown: [String]) {
        var columns: [Int: Field] = [:]
        var unknown: [String] = []
        for (i, text) in header.enumerated() {
            let folded = VietText.fold(text)
            if folded.isEmpty || Self.ignored.contains(folded) { continue }
            if let f = known[folded] ?? field(forHeader: text), !columns.values.contains(f) { columns[i] = f } else { unknown.append(text) }
        }
        return (columns, unknown)
    }
}
