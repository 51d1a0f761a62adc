import TerminalKit
import WardCaseCore

/// Ctrl-P or `:`: type part of any action's name — Vietnamese with or without accents, or
/// English — see its key, Enter runs it. Actions the person's roles do not allow are listed
/// with the reason, not hidden.
struct CommandPalette {
    struct Entry {
        var action: Action
        var label: String
        var help: String
        /// The same in the other language, so either can be typed.
        var also: String
        /// Why it is not allowed, or nil.
        var refusal: String?
        var searchText: String { VietText.fold([action.keyLabel, label, help, also].joined(separator: " ")) }
    }

    private let entries: [Entry]
    private(set) var query = ""
    private var selected = 0
    private var offset = 0

    init(entries: [Entry]) { self.entries = entries }

    /// Entries whose text holds every typed word, accents and case aside; allowed ones first.
    var matches: [Entry] {
        let words = VietText.fold(query).split(separator: " ").map(String.init)
        let found = entries.filter { e in words.allSatisfy { e.searchText.contains($0) } }
        return found.filter { $0.refusal == nil } + found.filter { $0.refusal != nil }
    }

    var selectedEntry: Entry? {
        let m = matches
        return m.indices.contains(selected) ? m[selected] : nil
    }

    mutating func handle(_ key: Key) {
        let count = matches.count
        switch key {
        case .up: selected = max(0, selected - 1)
        case .down: selected = min(max(0, count - 1), selected + 1)
        case .pageUp: selected = max(0, selected - 10)
        case .pageDown: selected = min(max(0, count - 1), selected + 10)
        case .backspace: if !query.isEmpty { query.removeLast(); selected = 0 }
        case .char(let c): query.append(c); selected = 0
        default: break
        }
    }

    mutating func render(into buf: inout Buffer, area: Rect, l: Localizer) {
        let rect = area.centered(width: min(area.width, 90), height: min(area.height, 20))
        buf.box(rect, title: l.t(.paletteTitle))
        let inner = Rect(x: rect.x + 2, y: rect.y + 1, width: rect.width - 4, height: rect.height - 2)
        let prompt = "› " + query
        let used = buf.put(prompt, x: inner.x, y: inner.y, style: Style(bold: true), maxWidth: inner.width)
        let m = matches
        let room = inner.height - 2
        if selected < offset { offset = selected }
        if selected >= offset + room { offset = selected - room + 1 }
        if m.isEmpty { buf.put(l.t(.paletteNone), x: inner.x, y: inner.y + 2, style: .muted, maxWidth: inner.width) }
        let keyWidth = min(12, (m.map { TextWidth.of($0.action.keyLabel) }.max() ?? 0) + 2)
        for (i, e) in m.dropFirst(offset).prefix(room).enumerated() {
            let y = inner.y + 2 + i
            let chosen = offset + i == selected
            let style: Style = chosen ? .selected : (e.refusal == nil ? .plain : .muted)
            buf.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), style: style)
            buf.put(e.action.keyLabel, x: inner.x, y: y, style: chosen ? .selected : .key, maxWidth: keyWidth - 1)
            let text = e.label + " — " + (e.refusal ?? e.help)
            buf.put(text, x: inner.x + keyWidth, y: y, style: style, maxWidth: inner.width - keyWidth)
        }
        buf.cursor = (inner.x + used, inner.y)
    }
}
