/// The eight basic terminal colours plus the user's own default.
public enum Color: Int, Sendable, Hashable {
    case `default` = -1, black = 0, red, green, yellow, blue, magenta, cyan, white
}

/// How a cell looks. Every style must stay readable in monochrome, so meaning is carried by
/// reverse/bold/underline as well as colour.
public struct Style: Equatable, Hashable, Sendable {
    public var fg: Color = .default
    public var bg: Color = .default
    public var bold = false
    public var reverse = false
    public var underline = false
    public var dim = false

    public init(fg: Color = .default, bg: Color = .default, bold: Bool = false, reverse: Bool = false,
                underline: Bool = false, dim: Bool = false) {
        self.fg = fg; self.bg = bg; self.bold = bold; self.reverse = reverse; self.underline = underline; self.dim = dim
    }

    public static let plain = Style()
    public static let title = Style(fg: .white, bg: .blue, bold: true, reverse: false)
    public static let selected = Style(reverse: true)
    public static let header = Style(bold: true, underline: true)
    public static let error = Style(fg: .red, bold: true)
    public static let success = Style(fg: .green, bold: true)
    public static let hint = Style(fg: .cyan)
    public static let muted = Style(dim: true)
    public static let key = Style(fg: .yellow, bold: true)
    public static let field = Style(underline: true)
    public static let focusedField = Style(reverse: true)
}
