import TerminalKit
import WardCaseCore

/// The application shell: top bar with the ward and four sections, the current screen, a status
/// line and a footer of keys; help overlay and dialogs on top. Input arrives as events, so tests
/// drive it through the in-memory backend exactly as a person drives the terminal.
public final class App {
    public static let minimumSize = Size(width: 80, height: 24)

    enum Section: Int, CaseIterable {
        case establishments, inspections, support, reports
        var title: Msg {
            switch self {
            case .establishments: .tabEstablishments
            case .inspections: .tabInspections
            case .support: .tabSupport
            case .reports: .tabReports
            }
        }
    }

    let ctx: AppContext
    private let backend: TerminalBackend
    private var stacks: [[Screen]] = []
    private var section = Section.establishments
    /// The first-run ward set-up, shown instead of the sections until the ward is known.
    private var setup: WardSetupScreen?
    private var status = StatusLine()
    private var dialog: (Dialog, () -> ScreenOutcome)?
    private var showingHelp = false { didSet { helpOffset = 0 } }
    private var helpOffset = 0
    private var tabRanges: [(Range<Int>, Section)] = []
    private var contentArea = Rect(x: 0, y: 0, width: 0, height: 0)
    public private(set) var finished = false

    public init(context: AppContext, backend: TerminalBackend) {
        self.ctx = context
        self.backend = backend
        if context.ward == nil {
            setup = WardSetupScreen(ctx: context)
        }
        stacks = Section.allCases.map { [makeRoot($0)] }
    }

    private func makeRoot(_ s: Section) -> Screen {
        switch s {
        case .establishments: return EstablishmentListScreen(ctx: ctx)
        case .inspections: return PlaceholderScreen(ctx: ctx, title: .tabInspections, body: .placeholderInspections)
        case .support: return PlaceholderScreen(ctx: ctx, title: .tabSupport, body: .placeholderSupport)
        case .reports: return PlaceholderScreen(ctx: ctx, title: .tabReports, body: .placeholderReports)
        }
    }

    var current: Screen { setup ?? stacks[section.rawValue].last! }

    var anythingUnsaved: Bool {
        (setup?.hasUnsavedChanges ?? false) || stacks.joined().contains { $0.hasUnsavedChanges }
    }

    /// Runs until the user quits. The backend is always stopped, whatever happens.
    public func run() throws {
        try backend.start()
        defer { backend.stop() }
        redraw()
        while !finished {
            guard let event = backend.nextEvent(timeoutMilliseconds: 1000) else { continue }
            handle(event)
            redraw()
        }
    }

    /// Handles queued events until none remain (tests).
    public func drain() {
        redraw()
        while !finished, let event = backend.nextEvent(timeoutMilliseconds: 0) {
            handle(event)
            redraw()
        }
    }

    // MARK: Events

    public func handle(_ event: Event) {
        switch event {
        case .resize: break  // the next frame is drawn at the new size
        case .mouse(let m): handleMouse(m)
        case .key(let key): handleKey(key)
        }
    }

    private func handleKey(_ key: Key) {
        if var (d, onConfirm) = dialog {
            switch d.handle(key) {
            case .none: dialog = (d, onConfirm)
            case .dismissed: dialog = nil
            case .confirmed: dialog = nil; apply(onConfirm())
            }
            return
        }
        if showingHelp {
            switch key {
            case .escape, .char("q"), .char("?"), .function(1), .enter: showingHelp = false
            case .down, .char("j"): helpOffset += 1
            case .up, .char("k"): helpOffset = max(0, helpOffset - 1)
            case .pageDown, .char(" "): helpOffset += 10
            case .pageUp: helpOffset = max(0, helpOffset - 10)
            default: break
            }
            return
        }
        status.clear()
        if let action = Actions.find(key, in: Actions.always) {
            perform(action.id)
            return
        }
        let screen = current
        if let action = Actions.find(key, in: screen.actions) {
            apply(screen.perform(action.id))
            return
        }
        if screen.capturesText {
            if key.typedCharacter != nil || key == .backspace || key == .delete || key == .left || key == .right
                || key == .home || key == .end || key == .tab || key == .backTab || key == .enter {
                apply(screen.input(key))
                return
            }
        }
        if let action = Actions.find(key, in: globalActions) {
            perform(action.id)
        }
    }

    private var globalActions: [Action] {
        // During first-run set-up there are no sections to switch to.
        setup == nil ? Actions.global : Actions.global.filter { $0.id == .help || $0.id == .back }
    }

    /// What the footer and the help overlay offer on the current screen, screen actions first.
    private var availableActions: [Action] {
        let screen = current.actions
        // While typing, q is text: the footer then shows Ctrl-C as the way out.
        let always = Actions.always.map { a -> Action in
            var a = a; a.inFooter = a.id == .quit && current.capturesText; return a
        }
        let others = (current.capturesText ? [] : globalActions) + always
        var merged: [Action] = []
        for a in screen + others.filter({ a in !screen.contains { $0.keys.contains(where: a.keys.contains) } }) {
            // One line per action: "?" and F1 both show help.
            if let i = merged.firstIndex(where: { $0.id == a.id }) {
                merged[i].keys += a.keys
                merged[i].inFooter = merged[i].inFooter || a.inFooter
            } else {
                merged.append(a)
            }
        }
        return merged
    }

    private func perform(_ id: ActionID) {
        switch id {
        case .nextSection: switchTo(Section(rawValue: (section.rawValue + 1) % 4)!)
        case .previousSection: switchTo(Section(rawValue: (section.rawValue + 3) % 4)!)
        case .section1: switchTo(.establishments)
        case .section2: switchTo(.inspections)
        case .section3: switchTo(.support)
        case .section4: switchTo(.reports)
        case .help: showingHelp = true
        case .back: goBack()
        case .quit: requestQuit()
        default: break
        }
    }

    private func switchTo(_ s: Section) {
        guard setup == nil else { return }
        section = s
    }

    private func goBack() {
        if setup == nil, stacks[section.rawValue].count > 1 {
            stacks[section.rawValue].removeLast()
        } else {
            requestQuit()
        }
    }

    private func requestQuit() {
        if anythingUnsaved {
            let d = Dialog.confirm(title: ctx.l.t(.quitTitle), message: ctx.l.t(.quitUnsaved),
                                   yes: ctx.l.t(.quitYes), no: ctx.l.t(.quitNo))
            dialog = (d, { .quit })
        } else {
            finished = true
        }
    }

    private func apply(_ outcome: ScreenOutcome) {
        switch outcome {
        case .none: break
        case .push(let s): stacks[section.rawValue].append(s)
        case .pop:
            if let s = setup, current === s {
                setup = nil
                do {
                    try ctx.reloadWard()
                    status.show(ctx.l.t(.wardSaved), .success)
                } catch {
                    status.show(ctx.message(for: error), .error)
                }
                stacks = Section.allCases.map { [makeRoot($0)] }
            } else if stacks[section.rawValue].count > 1 {
                stacks[section.rawValue].removeLast()
            }
        case .status(let text, let kind): status.show(text, kind)
        case .confirm(let d, let then): dialog = (d, then)
        case .message(let d): dialog = (d, { .none })
        case .quit: finished = true
        }
    }

    private func handleMouse(_ m: MouseEvent) {
        if dialog != nil || showingHelp { return }
        if m.kind == .click, m.y == 1, let hit = tabRanges.first(where: { $0.0.contains(m.x) }) {
            switchTo(hit.1)
            return
        }
        if contentArea.contains(x: m.x, y: m.y) || m.kind != .click {
            apply(current.mouse(m))
        }
    }

    // MARK: Drawing

    func redraw() {
        backend.draw(frame(size: backend.size))
    }

    /// The whole screen for a size: pure, so tests can render it directly.
    public func frame(size: Size) -> Buffer {
        var buf = Buffer(size: size)
        if size.width < App.minimumSize.width || size.height < App.minimumSize.height {
            let lines = TextWidth.wrap(ctx.l.t(.windowTooSmall, App.minimumSize.width, App.minimumSize.height,
                                               size.width, size.height), width: max(1, size.width - 2))
            for (i, line) in lines.enumerated() { buf.put(line, x: 1, y: size.height / 2 - lines.count / 2 + i, style: .error) }
            return buf
        }
        let (top, rest) = buf.area.takeTop(2)
        let (middle, bottom) = rest.takeBottom(2)
        drawTopBar(&buf, top)
        contentArea = middle.inset(0)
        current.render(into: &buf, area: Rect(x: middle.x + 1, y: middle.y + 1, width: middle.width - 2, height: middle.height - 1))
        status.render(into: &buf, area: Rect(x: 0, y: bottom.y, width: bottom.width, height: 1))
        drawFooter(&buf, Rect(x: 0, y: bottom.y + 1, width: bottom.width, height: 1))
        if showingHelp { drawHelp(&buf, middle) }
        if let (d, _) = dialog { d.render(into: &buf, area: middle) }
        return buf
    }

    private func drawTopBar(_ buf: inout Buffer, _ area: Rect) {
        buf.fill(Rect(x: 0, y: area.y, width: area.width, height: 1), style: .title)
        let name: String
        if let w = ctx.ward { name = "\(w.name) · \(w.province)" } else { name = ctx.l.t(.setupTitle) }
        buf.put(" " + name, x: 0, y: area.y, style: .title, maxWidth: area.width - 12)
        let app = "wardcase "
        buf.put(app, x: area.width - TextWidth.of(app), y: area.y, style: .title)
        tabRanges = []
        guard setup == nil else { return }
        var x = 1
        for s in Section.allCases {
            let label = " \(s.rawValue + 1) \(ctx.l.t(s.title)) "
            let w = TextWidth.of(label)
            let selected = s == section
            buf.put(label, x: x, y: area.y + 1, style: selected ? Style(bold: true, reverse: true) : .plain)
            tabRanges.append((x..<(x + w), s))
            x += w + 1
        }
        buf.put(String(repeating: "─", count: max(0, area.width - x)), x: x, y: area.y + 1, style: .muted)
    }

    private func drawFooter(_ buf: inout Buffer, _ area: Rect) {
        let items = availableActions.filter(\.inFooter)
        var x = 1
        var seen = Set<String>()
        for a in items where !seen.contains(a.keyLabel) {
            seen.insert(a.keyLabel)
            let key = a.keys.first!.label
            let text = ctx.l.t(a.label)
            let need = TextWidth.of(key) + 1 + TextWidth.of(text) + 2
            if x + need > area.width { break }
            buf.put(key, x: x, y: area.y, style: .key)
            buf.put(text, x: x + TextWidth.of(key) + 1, y: area.y, style: .plain)
            x += need
        }
    }

    private func drawHelp(_ buf: inout Buffer, _ area: Rect) {
        let lines: [(String, String)] = availableActions.map { ($0.keyLabel, ctx.l.t($0.help)) }
        let keyWidth = (lines.map { TextWidth.of($0.0) }.max() ?? 0) + 2
        let rect = area.centered(width: area.width, height: min(area.height, lines.count + 4))
        let room = rect.height - 4
        helpOffset = min(helpOffset, max(0, lines.count - room))
        buf.box(rect, title: ctx.l.t(.helpTitle))
        for (i, line) in lines.dropFirst(helpOffset).prefix(room).enumerated() {
            buf.put(line.0, x: rect.x + 2, y: rect.y + 1 + i, style: .key)
            buf.put(line.1, x: rect.x + 2 + keyWidth, y: rect.y + 1 + i, maxWidth: rect.width - keyWidth - 4)
        }
        let more = lines.count > room ? ctx.l.t(.helpMore, helpOffset + 1, min(lines.count, helpOffset + room), lines.count) + " · " : ""
        buf.put(more + ctx.l.t(.helpClose), x: rect.x + 2, y: rect.maxY - 2, style: .muted, maxWidth: rect.width - 4)
        buf.cursor = nil
    }
}
