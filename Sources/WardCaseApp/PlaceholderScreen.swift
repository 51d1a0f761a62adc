import TerminalKit
import WardCaseCore

/// A section whose own feature has not been built yet: says so plainly rather than pretend.
final class PlaceholderScreen: Screen {
    private let ctx: AppContext
    private let title: Msg
    private let body: Msg

    init(ctx: AppContext, title: Msg, body: Msg) { self.ctx = ctx; self.title = title; self.body = body }

    var actions: [Action] { [] }

    func render(into buf: inout Buffer, area: Rect) {
        buf.put(ctx.l.t(title), x: area.x, y: area.y, style: Style(bold: true), maxWidth: area.width)
        for (i, line) in TextWidth.wrap(ctx.l.t(body), width: min(area.width, 72)).enumerated() where i + 2 < area.height {
            buf.put(line, x: area.x, y: area.y + 2 + i, style: .muted)
        }
    }

    func perform(_ action: ActionID) -> ScreenOutcome { .none }
}
