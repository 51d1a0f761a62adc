/// A multi-line text editor for narrative paragraphs: word wrap at the window's width, the
/// cursor keys, Enter for a new paragraph, and undo/redo (Ctrl-Z / Ctrl-Y) of whole words.
/// The text is a list of characters, so Vietnamese letters are one unit each.
public struct TextEditorState: Sendable {
    public private(set) var text: [Character]
    /// Index in `text` where typing goes.
    public private(set) var cursor: Int
    /// The first visual line shown.
    public var scroll = 0
    private var undo: [([Character], Int)] = []
    private var redo: [([Character], Int)] = []
    /// Whether the last edit was typing a letter: letters of one word undo together.
    private var typingWord = false
    public let maxLength: Int

    public init(text: String, maxLength: Int = 20_000) {
        self.text = Array(text)
        cursor = self.text.count
        self.maxLength = maxLength
    }

    public var value: String { String(text) }

    /// What a key did: `edited` means the text changed (save it).
    public enum Outcome: Equatable { case none, moved, edited }

    public mutating func handle(_ key: Key, width: Int) -> Outcome {
        switch key {
        case .char(let c):
            guard text.count < maxLength, !c.isNewline else { return c.isNewline ? insertNewline() : .none }
            let wordChar = !c.isWhitespace
            if !(typingWord && wordChar) { remember() }
            typingWord = wordChar
            text.insert(c, at: cursor)
            cursor += 1
            return .edited
        case .enter: return insertNewline()
        case .backspace:
            guard cursor > 0 else { return .none }
            remember()
            text.remove(at: cursor - 1)
            cursor -= 1
            return .edited
        case .delete:
            guard cursor < text.count else { return .none }
            remember()
            text.remove(at: cursor)
            return .edited
        case .ctrl("z"):
            guard let (t, c) = undo.popLast() else { return .none }
            redo.append((text, cursor))
            restore(t, c)
            return .edited
        case .ctrl("y"):
            guard let (t, c) = redo.popLast() else { return .none }
            undo.append((text, cursor))
            restore(t, c)
            return .edited
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(text.count, cursor + 1)
        case .up, .down:
            let lines = layout(width: width)
            let (row, col) = position(in: lines)
            let target = key == .up ? row - 1 : row + 1
            guard lines.indices.contains(target) else { return .none }
            let line = lines[target]
            cursor = line.start + min(col, line.length)
        case .home:
            let lines = layout(width: width)
            cursor = lines[position(in: lines).0].start
        case .end:
            let lines = layout(width: width)
            let line = lines[position(in: lines).0]
            cursor = line.start + line.length
        default: return .none
        }
        typingWord = false
        return .moved
    }

    private mutating func insertNewline() -> Outcome {
        guard text.count < maxLength else { return .none }
        remember()
        typingWord = false
        text.insert("\n", at: cursor)
        cursor += 1
        return .edited
    }

    private mutating func remember() {
        undo.append((text, cursor))
        if undo.count > 500 { undo.removeFirst() }
        redo = []
    }

    private mutating func restore(_ t: [Character], _ c: Int) {
        text = t
        cursor = c
        typingWord = false
    }

    /// A visual line: where it starts in `text` and how many characters it shows.
    public struct Line: Equatable { public var start: Int; public var length: Int }

    /// Paragraphs split at newlines, each wrapped at spaces to `width` columns.
    public func layout(width: Int) -> [Line] {
        let w = max(4, width)
        var lines: [Line] = []
        var start = 0
        while true {
            let end = text[start...].firstIndex(of: "\n") ?? text.count
            var s = start
            repeat {
                var cols = 0, i = s, lastSpace: Int?
                while i < end {
                    let cw = TextWidth.of(String(text[i]))
                    if cols + cw > w { break }
                    if text[i] == " " { lastSpace = i }
                    cols += cw
                    i += 1
                }
                if i < end, let sp = lastSpace, sp > s { i = sp + 1 }
                lines.append(Line(start: s, length: i - s))
                s = i
            } while s < end
            if end >= text.count { break }
            start = end + 1
        }
        return lines
    }

    /// The cursor's visual row and column.
    func position(in lines: [Line]) -> (Int, Int) {
        for (row, line) in lines.enumerated().reversed() where cursor >= line.start {
            return (row, cursor - line.start)
        }
        return (0, 0)
    }

    /// Draws the visible lines and places the terminal cursor.
    public mutating func render(into buf: inout Buffer, area: Rect, style: Style = .plain) {
        let lines = layout(width: area.width)
        let (row, col) = position(in: lines)
        if row < scroll { scroll = row }
        if row >= scroll + area.height { scroll = row - area.height + 1 }
        for (i, line) in lines.dropFirst(scroll).prefix(area.height).enumerated() {
            let piece = String(text[line.start..<(line.start + line.length)])
            buf.put(piece, x: area.x, y: area.y + i, style: style, maxWidth: area.width)
        }
        let x = TextWidth.of(String(text[lines[row].start..<(lines[row].start + col)]))
        buf.cursor = (area.x + min(x, area.width - 1), area.y + row - scroll)
    }
}
