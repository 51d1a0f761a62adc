/// A modal question or message in a box: "Thoát mà không lưu?" [Có] [Không].
public struct Dialog: Sendable {
    public enum Outcome: Equatable, Sendable { case none, confirmed, dismissed }

    public var title: String
    public var message: String
    /// Button labels, first is the confirming one. One button makes a message dialog.
    public var buttons: [String]
    public var selected = 0
    public var isError = false

    public init(title: String, message: String, buttons: [String], selected: Int = 0, isError: Bool = false) {
        self.title = title; self.message = message; self.buttons = buttons; self.selected = selected; self.isError = isError
    }

    /// Asks before something hard to undo (discarding, deleting): Enter alone says no.
    public static func confirm(title: String, message: String, yes: String, no: String) -> Dialog {
        Dialog(title: title, message: message, buttons: [yes, no], selected: 1)
    }

    /// Asks before the step the person pressed a key for (submit, approve, finalise): Enter goes on.
    public static func ask(title: String, message: String, yes: String, no: String) -> Dialog {
        Dialog(title: title, message: message, buttons: [yes, no], selected: 0)
    }

    public static func message(title: String, message: String, ok: String, isError: Bool = false) -> Dialog {
        Dialog(title: title, message: message, buttons: [ok], selected: 0, isError: isError)
    }

    /// y/c (có) confirm, n/k (không) and Esc dismiss, arrows and Tab move, Enter chooses.
    public mutating func handle(_ key: Key) -> Outcome {
        switch key {
        case .char("y"), .char("Y"), .char("c"), .char("C"): return .confirmed
        case .char("n"), .char("N"), .char("k"), .char("K"), .escape: return .dismissed
        case .left, .right, .tab, .backTab:
            selected = (selected + 1) % max(1, buttons.count)
            return .none
        case .enter, .char(" "):
            return selected == 0 ? .confirmed : .dismissed
        default: return .none
        }
    }

    public func render(into buf: inout Buffer, area: Rect) {
        let width = min(area.width - 4, max(40, TextWidth.of(title) + 8, min(64, TextWidth.of(message) + 4)))
        let lines = TextWidth.wrap(message, width: width - 4)
        let rect = area.centered(width: width, height: lines.count + 5)
        buf.box(rect, title: title, style: isError ? Style(bold: true) : .plain)
        for (i, line) in lines.enumerated() {
            buf.put(line, x: rect.x + 2, y: rect.y + 2 + i, style: isError ? .error : .plain, maxWidth: width - 4)
        }
        var x = rect.x + 2
        let y = rect.maxY - 2
        for (i, b) in buttons.enumerated() {
            let label = "[ " + b + " ]"
            buf.put(label, x: x, y: y, style: i == selected ? .selected : .plain)
            x += TextWidth.of(label) + 2
        }
        buf.cursor = nil
    }
}

/// The one-line status message under the content: what just happened, or what went wrong.
public struct StatusLine: Sendable {
    public enum Kind: Sendable { case info, success, error }
    public var text = ""
    public var kind = Kind.info
    public init() {}

    public mutating func show(_ text: String, _ kind: Kind = .info) { self.text = text; self.kind = kind }
    public mutating func clear() { text = "" }

    public func render(into buf: inout Buffer, area: Rect) {
        guard !text.isEmpty else { return }
        let style: Style
        switch kind {
        case .info: style = .plain
        case .success: style = .success
        case .error: style = .error
        }
        buf.put(" " + text, x: area.x, y: area.y, style: style, maxWidth: area.width)
    }
}

/// Long work under way: a box with a title, a bar with its percentage, the count and time left,
/// and how to cancel. Drawn over the screen; the work itself polls for Esc.
public struct ProgressBox: Sendable {
    public var title: String
    public var fraction: Double
    public var detail: String
    public var hint: String

    public init(title: String, fraction: Double, detail: String, hint: String) {
        self.title = title; self.fraction = fraction; self.detail = detail; self.hint = hint
    }

    public func render(into buf: inout Buffer, area: Rect) {
        let width = min(area.width - 4, max(44, TextWidth.of(title) + 8, TextWidth.of(detail) + 4, TextWidth.of(hint) + 4))
        let rect = area.centered(width: width, height: 7)
        buf.box(rect, title: title, style: Style(bold: true))
        let percent = " \(Int((fraction * 100).rounded(.down)))%"
        buf.put(TextWidth.bar(fraction, width: width - 4 - percent.count) + percent, x: rect.x + 2, y: rect.y + 2, maxWidth: width - 4)
        buf.put(detail, x: rect.x + 2, y: rect.y + 3, maxWidth: width - 4)
        buf.put(hint, x: rect.x + 2, y: rect.y + 5, style: Style(dim: true), maxWidth: width - 4)
        buf.cursor = nil
    }
}
