// The widths and the control-character rule live in TextCells, which the shell uses too; every user of TerminalKit sees them.
@_exported import TextCells

/// One screen cell: a grapheme (a base character with its combining marks) and its style.
/// A wide character's second column holds an empty continuation cell.
public struct Cell: Equatable, Sendable {
    public var text: String
    public var style: Style
    public init(_ text: String = " ", style: Style = .plain) { self.text = text; self.style = style }
    public var isContinuation: Bool { text.isEmpty }
}

/// The rectangle of cells that screens draw into; a backend turns it into terminal output.
/// Every string enters through `put`, which replaces control characters and escape sequences
/// with a visible mark, so stored text can never drive the terminal.
public struct Buffer: Equatable, Sendable {
    public let size: Size
    public private(set) var cells: [Cell]
    /// Where the terminal cursor should blink (a focused text field), or nil to hide it.
    public var cursor: (x: Int, y: Int)? {
        get { cursorX.map { ($0, cursorY) } }
        set { cursorX = newValue?.x; cursorY = newValue?.y ?? 0 }
    }
    private var cursorX: Int?
    private var cursorY = 0

    public init(size: Size) {
        self.size = size
        cells = Array(repeating: Cell(), count: max(0, size.width * size.height))
    }

    public var area: Rect { Rect(x: 0, y: 0, width: size.width, height: size.height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * size.width + x] }
        set { cells[y * size.width + x] = newValue }
    }

    public func inBounds(_ x: Int, _ y: Int) -> Bool { x >= 0 && y >= 0 && x < size.width && y < size.height }

    /// Draws `text` from (x, y), within `maxWidth` columns and the buffer. Returns the columns used.
    /// Text that does not fit ends in "…", so that nothing is cut without showing it; rules and
    /// bars (─, █, ░) and trailing blanks are simply clipped.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < size.height else { return 0 }
        let limit = min(size.width, x + (maxWidth ?? size.width))
        var shown = TextWidth.safe(text)
        if x >= 0, limit > x, TextWidth.of(shown) > limit - x {
            let kept = TextWidth.truncate(shown, to: limit - x + 1).dropLast()
            let dropped = shown.dropFirst(kept.count)
            if !dropped.allSatisfy({ $0.isWhitespace || Self.isRule($0) }) { shown = TextWidth.truncate(shown, to: limit - x) }
        }
        var col = x
        for ch in shown {
            let w = TextWidth.of(ch)
            if w == 0 {
                // A lone combining mark joins the previous cell.
                if col > x, inBounds(col - 1, y) { self[col - 1, y].text.append(ch) }
                continue
            }
            if col + w > limit { break }
            if col >= 0 {
                self[col, y] = Cell(String(ch), style: style)
                if w == 2, col + 1 < size.width { self[col + 1, y] = Cell("", style: style) }
            }
            col += w
        }
        return col - x
    }

    /// Line and bar characters, cut without an ellipsis.
    static func isRule(_ ch: Character) -> Bool { "─━│┃═█▓▒░▏▕".contains(ch) }

    /// Fills a rectangle with blanks in `style`.
    public mutating func fill(_ rect: Rect, style: Style = .plain) {
        for y in max(0, rect.y)..<min(size.height, rect.maxY) {
            for x in max(0, rect.x)..<min(size.width, rect.maxX) { self[x, y] = Cell(" ", style: style) }
        }
    }

    /// Draws a single-line box border with an optional title, and clears its inside.
    public mutating func box(_ rect: Rect, title: String? = nil, style: Style = .plain) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        fill(rect, style: style)
        let inner = String(repeating: "─", count: rect.width - 2)
        put("┌" + inner + "┐", x: rect.x, y: rect.y, style: style)
        put("└" + inner + "┘", x: rect.x, y: rect.maxY - 1, style: style)
        for y in (rect.y + 1)..<(rect.maxY - 1) {
            put("│", x: rect.x, y: y, style: style)
            put("│", x: rect.maxX - 1, y: y, style: style)
        }
        if let title, rect.width > 6 {
            put(" " + title + " ", x: rect.x + 2, y: rect.y, style: Style(bold: true), maxWidth: rect.width - 4)
        }
    }

    /// Restyles a rectangle without changing its text (selection bars).
    public mutating func restyle(_ rect: Rect, _ style: Style) {
        for y in max(0, rect.y)..<min(size.height, rect.maxY) {
            for x in max(0, rect.x)..<min(size.width, rect.maxX) { self[x, y].style = style }
        }
    }

    /// The screen as text, one string per row, trailing blanks removed. What screen tests compare.
    public var lines: [String] {
        (0..<size.height).map { y in
            var row = ""
            for x in 0..<size.width where !self[x, y].isContinuation { row += self[x, y].text }
            while row.hasSuffix(" ") { row.removeLast() }
            return row
        }
    }

    public var text: String { lines.joined(separator: "\n") }

    /// The screen's styles, one mark a column (what `styleKey` lists), trailing plain cells
    /// removed: the second layer screen tests compare, so that a row losing its alert colour or a
    /// selection losing its reverse fails a test even when the text is the same.
    public var styleLines: [String] {
        (0..<size.height).map { y in
            var row = ""
            for x in 0..<size.width where !self[x, y].isContinuation { row.append(Self.mark(self[x, y].style)) }
            while row.hasSuffix(".") { row.removeLast() }
            return row
        }
    }

    public static let styleKey = ". plain  T title  R reversed  H header  B bold  ! alert  + success  k key  h hint  ~ muted  _ field  ? other"

    static func mark(_ s: Style) -> Character {
        switch s {
        case .plain: "."
        case .title: "T"
        case .selected, .focusedField: "R"
        case .header: "H"
        case .error: "!"
        case .success: "+"
        case .key: "k"
        case .hint: "h"
        case .muted: "~"
        case .field: "_"
        default:
            s.fg == .red ? "!" : s.reverse ? "R" : s.bold ? "B" : s.fg == .green ? "+" : s.dim ? "~" : "?"
        }
    }

    public static func == (a: Buffer, b: Buffer) -> Bool {
        a.size == b.size && a.cells == b.cells && a.cursorX == b.cursorX && a.cursorY == b.cursorY
    }
}
