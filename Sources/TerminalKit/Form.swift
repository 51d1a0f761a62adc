import Foundation

/// Messages and labels the form widget shows, supplied in the user's language by the app.
public struct FormStrings: Sendable {
    public var required: String
    public var yes: String
    public var no: String
    public var datePlaceholder: String
    public init(required: String, yes: String, no: String, datePlaceholder: String) {
        self.required = required; self.yes = yes; self.no = no; self.datePlaceholder = datePlaceholder
    }
}

/// What a validator says of a field's text: fine (with the text as it should be stored and
/// shown, e.g. "1500000" -> "1.500.000"), or a message for the user.
public enum Validation: Equatable, Sendable {
    case ok(String)
    case invalid(String)
}

/// One field of a form. The kind decides how it is edited; the validator (from the core,
/// through the app) decides what is valid, so the rules live in one place.
public struct FormField: Sendable {
    public enum Kind: Equatable, Sendable {
        case text(maxLength: Int)
        /// Shown as bullets: passwords.
        case secret(maxLength: Int)
        case multiline(maxLength: Int, rows: Int)
        case date
        case number
        case money
        case choice([String])
        case yesNo
    }

    public var id: String
    public var label: String
    public var kind: Kind
    public var required: Bool
    public var validator: (@Sendable (String) -> Validation)?
    public private(set) var text: [Character]
    public var cursor: Int
    public var error: String?
    /// Set when Tab was refused on text that does not read: the next character typed replaces
    /// the whole value, so fixing "9.3O" takes no Backspaces.
    public internal(set) var replaceOnType = false
    /// What was typed into a choice since it took focus: the choice jumps to an option with a
    /// word starting so ("12" to "Tổ dân phố số 12", "k" to "Karaoke").
    var typed = ""

    public init(id: String, label: String, kind: Kind, required: Bool = false, value: String = "",
                validator: (@Sendable (String) -> Validation)? = nil) {
        self.id = id; self.label = label; self.kind = kind; self.required = required; self.validator = validator
        self.text = Array(value)
        self.cursor = text.count
        if case .choice(let options) = kind, !options.contains(value) { text = Array(options.first ?? "") }
    }

    public var value: String { String(text) }

    public mutating func setValue(_ s: String) { text = Array(s); cursor = text.count }

    var isSingleLine: Bool { if case .multiline = kind { return false }; return true }

    /// Whether a typed character belongs in this kind of field.
    func accepts(_ ch: Character) -> Bool {
        switch kind {
        case .text, .secret, .multiline: return true
        case .date: return ch.isNumber || ch == "/" || ch == "-" || ch == "."
        case .number: return ch.isNumber || ch == "-" || ch == "."
        case .money: return ch.isNumber || ch == "." || ch == " "
        case .choice, .yesNo: return false
        }
    }

    var maxLength: Int {
        switch kind {
        case .text(let n), .secret(let n), .multiline(let n, _): return n
        case .date: return 10
        case .number: return 12
        case .money: return 20
        case .choice, .yesNo: return 200
        }
    }

    /// Checks the field; stores the normalised text or the error message.
    mutating func validate(_ strings: FormStrings) {
        error = nil
        let trimmed = value.filter { !$0.isWhitespace }
        if trimmed.isEmpty {
            if required { error = strings.required }
            return
        }
        switch validator?(value) {
        case .ok(let normal)?: if normal != value { setValue(normal) }
        case .invalid(let message)?: error = message
        case nil: break
        }
    }
}

/// The state of a form: its fields, which one has focus, and whether anything was changed.
public struct FormState: Sendable {
    public enum Outcome: Equatable, Sendable { case none, changed, submit, cancel }

    public var fields: [FormField]
    public var focus = 0
    public private(set) var dirty = false
    public var strings: FormStrings
    var scroll = 0

    public init(fields: [FormField], strings: FormStrings) {
        self.fields = fields; self.strings = strings
    }

    public subscript(id: String) -> String { fields.first { $0.id == id }?.value ?? "" }

    public var isValid: Bool { fields.allSatisfy { $0.error == nil } }

    /// Validates every field; focuses the first one in error. True when the form can be saved.
    public mutating func validateAll() -> Bool {
        for i in fields.indices { fields[i].validate(strings) }
        if let bad = fields.firstIndex(where: { $0.error != nil }) { focus = bad; return false }
        return true
    }

    /// Shows an error the core found on submit next to the field it concerns.
    public mutating func setError(_ message: String, field id: String) {
        if let i = fields.firstIndex(where: { $0.id == id }) { fields[i].error = message; focus = i }
    }

    public mutating func markSaved() { dirty = false }

    /// Sets a field's value as the screen fills it in for the user (a pick from a list): the form
    /// has unsaved changes, as if it were typed.
    public mutating func fill(_ id: String, with value: String) {
        guard let i = fields.firstIndex(where: { $0.id == id }) else { return }
        fields[i].setValue(value)
        fields[i].error = nil
        dirty = true
    }

    public mutating func handle(_ key: Key) -> Outcome {
        guard !fields.isEmpty else { return key == .escape ? .cancel : .none }
        var f = fields[focus]
        defer { fields[focus] = f }
        switch key {
        case .escape: return .cancel
        case .ctrl("s"), .function(10): return submit(&f)
        case .tab, .down: return moveFocus(&f, by: 1)
        case .backTab, .up: return moveFocus(&f, by: -1)
        case .enter:
            if !f.isSingleLine { return insert("\n", into: &f) }
            if focus == fields.count - 1 { return submit(&f) }
            return moveFocus(&f, by: 1)
        default: break
        }
        switch f.kind {
        case .choice(let options):
            guard !options.isEmpty else { return .none }
            let current = options.firstIndex(of: f.value) ?? 0
            switch key {
            case .char(" "), .right: f.setValue(options[(current + 1) % options.count]); f.typed = ""
            case .left: f.setValue(options[(current + options.count - 1) % options.count]); f.typed = ""
            case .backspace where !f.typed.isEmpty: f.typed = ""; return .none
            case .char(let ch):
                // More letters narrow from the option shown; a fresh letter moves on to the next.
                let refine = f.typed + String(ch)
                let start = f.typed.isEmpty ? current + 1 : current
                guard let found = Self.option(startingWith: refine, in: options, from: start)
                        ?? Self.option(startingWith: String(ch), in: options, from: current + 1) else { return .none }
                f.typed = found.typed
                f.setValue(options[found.index])
            default: return .none
            }
            dirty = true; f.error = nil
            return .changed
        case .yesNo:
            let yes = f.value == strings.yes
            switch key {
            case .char(" "), .left, .right: f.setValue(yes ? strings.no : strings.yes)
            case .char("c"), .char("C"), .char("y"), .char("Y"): f.setValue(strings.yes)
            case .char("k"), .char("K"), .char("n"), .char("N"): f.setValue(strings.no)
            default: return .none
            }
            dirty = true; f.error = nil
            return .changed
        default:
            return edit(&f, key)
        }
    }

    /// The first option from `start` (going round) with a word that starts with `prefix`, letter
    /// case and accents aside.
    static func option(startingWith prefix: String, in options: [String], from start: Int) -> (index: Int, typed: String)? {
        func fold(_ s: String) -> String {
            s.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).replacingOccurrences(of: "đ", with: "d")
        }
        let key = fold(prefix)
        for step in 0..<options.count {
            let i = (start + step) % options.count
            if fold(options[i]).split(whereSeparator: { !$0.isLetter && !$0.isNumber }).contains(where: { $0.hasPrefix(key) }) {
                return (i, prefix)
            }
        }
        return nil
    }

    private mutating func moveFocus(_ f: inout FormField, by delta: Int) -> Outcome {
        f.typed = ""
        f.validate(strings)
        // Forward past text that does not read (a date, a time, a number) is refused: the focus
        // stays, with the message under the field. An empty field may be left, to fill later;
        // going back is always allowed.
        if delta > 0, f.error != nil, !f.value.allSatisfy(\.isWhitespace) {
            f.replaceOnType = true
            return .changed
        }
        f.replaceOnType = false
        fields[focus] = f
        focus = (focus + delta + fields.count) % fields.count
        f = fields[focus]
        return .none
    }

    private mutating func submit(_ f: inout FormField) -> Outcome {
        fields[focus] = f
        let ok = validateAll()
        f = fields[focus]
        return ok ? .submit : .none
    }

    private mutating func insert(_ ch: Character, into f: inout FormField) -> Outcome {
        guard f.text.count < f.maxLength else { return .none }
        var t = f.text
        // A combining mark typed after a letter joins it (Vietnamese typed as base + mark).
        // Only when the two really make one character: a zero-width space or a mark after a line
        // break stays a character of its own.
        let joined = f.cursor > 0 ? String(t[f.cursor - 1]) + String(ch) : ""
        if ch.unicodeScalars.allSatisfy({ TextWidth.of($0) == 0 }), f.cursor > 0, joined.count == 1 {
            t[f.cursor - 1] = Character(joined)
        } else {
            t.insert(ch, at: f.cursor)
            f.cursor += 1
        }
        let c = f.cursor
        f.setValue(String(t))
        f.cursor = min(c, f.text.count)
        dirty = true; f.error = nil
        return .changed
    }

    private mutating func edit(_ f: inout FormField, _ key: Key) -> Outcome {
        if f.replaceOnType {
            f.replaceOnType = false
            if case .char(let ch) = key, f.accepts(ch) { f.setValue("") }
        }
        switch key {
        case .left: f.cursor = max(0, f.cursor - 1)
        case .right: f.cursor = min(f.text.count, f.cursor + 1)
        case .home, .ctrl("a"): f.cursor = 0
        case .end, .ctrl("e"): f.cursor = f.text.count
        case .backspace:
            guard f.cursor > 0 else { return .none }
            var t = f.text; t.remove(at: f.cursor - 1)
            let c = f.cursor - 1
            f.setValue(String(t)); f.cursor = c
            dirty = true; f.error = nil
            return .changed
        case .delete:
            guard f.cursor < f.text.count else { return .none }
            var t = f.text; t.remove(at: f.cursor)
            let c = f.cursor
            f.setValue(String(t)); f.cursor = c
            dirty = true; f.error = nil
            return .changed
        case .ctrl("u"):
            // The line the cursor is on: in a list of team members, one member.
            var t = f.text
            var start = f.cursor, end = f.cursor
            while start > 0, t[start - 1] != "\n" { start -= 1 }
            while end < t.count, t[end] != "\n" { end += 1 }
            if start == end, end < t.count { end += 1 } else if start == end, start > 0 { start -= 1 }
            t.removeSubrange(start..<end)
            f.setValue(String(t)); f.cursor = min(start, t.count); dirty = true; f.error = nil
            return .changed
        case .char(let ch):
            guard f.accepts(ch) || ch.unicodeScalars.allSatisfy({ TextWidth.of($0) == 0 }) && f.accepts("a") else { return .none }
            return insert(ch, into: &f)
        default: return .none
        }
        return .none
    }
}

/// Draws a form: labels on the left, values on the right, an error line under any field in error.
public struct FormView {
    public init() {}

    public func render(into buf: inout Buffer, area: Rect, state: inout FormState) {
        guard area.width > 10, area.height > 0 else { return }
        let labelWidth = min(max(12, state.fields.map { TextWidth.of($0.label) + ($0.required ? 2 : 0) }.max() ?? 0) + 2, area.width / 3)
        let valueX = area.x + labelWidth
        let valueWidth = max(4, min(area.width - labelWidth - 1, 60))
        // Error messages wrap under the value, so a long one (a file path) is read in full; a
        // label longer than its column wraps beside the value, never cut.
        let errorLines = state.fields.map { f in f.error.map { TextWidth.wrap("⚠ " + $0, width: max(10, area.maxX - valueX)) } ?? [] }
        let labelLines = state.fields.map { TextWidth.wrap($0.label + ($0.required ? " *" : ""), width: labelWidth - 1) }
        func valueRows(_ f: FormField) -> Int { if case .multiline(_, let rows) = f.kind { rows } else { 1 } }
        // Rows each field needs, to scroll the focused one into view.
        let heights = state.fields.enumerated().map { i, f in max(valueRows(f), labelLines[i].count) + errorLines[i].count + 1 }
        // A taller screen (a resize) first uses its room for what was scrolled away, then keeps
        // the focused field in view.
        state.scroll = min(state.scroll, max(0, heights.reduce(0, +) - 1 - area.height))
        let top = heights.prefix(state.focus).reduce(0, +)
        if top < state.scroll { state.scroll = top }
        if top + heights[state.focus] > state.scroll + area.height { state.scroll = top + heights[state.focus] - area.height }
        var y = area.y - state.scroll
        for (i, f) in state.fields.enumerated() {
            let focused = i == state.focus
            let rows = valueRows(f)
            if y >= area.y && y + rows <= area.maxY {
                drawValue(&buf, field: f, x: valueX, y: y, width: valueWidth, rows: rows, focused: focused, strings: state.strings)
            }
            for (k, line) in labelLines[i].enumerated() where y + k >= area.y && y + k < area.maxY {
                buf.put(line, x: area.x, y: y + k, style: focused ? Style(bold: true) : .plain, maxWidth: labelWidth - 1)
            }
            y += max(rows, labelLines[i].count)
            for line in errorLines[i] {
                if y >= area.y && y < area.maxY { buf.put(line, x: valueX, y: y, style: .error, maxWidth: area.maxX - valueX) }
                y += 1
            }
            y += 1
        }
    }

    private func drawValue(_ buf: inout Buffer, field f: FormField, x: Int, y: Int, width: Int, rows: Int,
                           focused: Bool, strings: FormStrings) {
        let style: Style = focused ? .focusedField : .field
        buf.fill(Rect(x: x, y: y, width: width, height: rows), style: style)
        switch f.kind {
        case .choice, .yesNo:
            buf.put("◂ " + f.value + " ▸", x: x, y: y, style: style, maxWidth: width)
            return
        case .multiline:
            let lines = f.value.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let before = String(f.text.prefix(f.cursor))
            let cursorLine = before.filter { $0 == "\n" }.count
            let first = max(0, cursorLine - rows + 1)
            for (i, line) in lines.dropFirst(first).prefix(rows).enumerated() {
                buf.put(line, x: x, y: y + i, style: style, maxWidth: width)
            }
            if focused {
                let col = TextWidth.of(String(before.split(separator: "\n", omittingEmptySubsequences: false).last ?? ""))
                buf.cursor = (x + min(col, width - 1), y + cursorLine - first)
            }
        case .secret:
            let bullets = String(repeating: "•", count: min(f.text.count, width - 1))
            buf.put(bullets, x: x, y: y, style: style, maxWidth: width)
            if focused { buf.cursor = (x + min(f.cursor, width - 1), y) }
        default:
            if f.text.isEmpty, f.kind == .date, !focused {
                buf.put(strings.datePlaceholder, x: x, y: y, style: Style(underline: true, dim: true), maxWidth: width)
            }
            // Scroll long text so that the cursor stays in the box.
            var start = 0
            while TextWidth.of(String(f.text[start..<f.cursor])) > width - 1 { start += 1 }
            // Text a refused Tab marked for replacing stands out as the thing to retype.
            buf.put(String(f.text[start...]), x: x, y: y, style: f.replaceOnType ? Style(fg: .red, bold: true, reverse: true) : style,
                    maxWidth: width)
            if focused { buf.cursor = (x + TextWidth.of(String(f.text[start..<f.cursor])), y) }
        }
    }
}
