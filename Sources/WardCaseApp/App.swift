import Foundation
import TerminalKit
import WardCaseCore
import WardCaseReports

/// The application shell: top bar with the ward and four sections, the current screen, a status
/// line and a footer of keys; help overlay and dialogs on top. Input arrives as events, so tests
/// drive it through the in-memory backend exactly as a person drives the terminal.
public final class App {
    public static let minimumSize = Size(width: 80, height: 24)

    /// The sections, in tab order; `rawValue` indexes their screen stacks.
    enum Section: Int, CaseIterable {
        case establishments, inspections, support, reports, overview
        static let tabs: [Section] = [.overview, .establishments, .inspections, .support, .reports]
        var title: Msg {
            switch self {
            case .overview: .tabOverview
            case .establishments: .tabEstablishments
            case .inspections: .tabInspections
            case .support: .tabSupport
            case .reports: .tabReports
            }
        }
        /// The digit that opens it.
        var digit: Int { self == .overview ? 0 : rawValue + 1 }
        func next(by step: Int) -> Section {
            let i = Section.tabs.firstIndex(of: self) ?? 0
            return Section.tabs[(i + step + Section.tabs.count) % Section.tabs.count]
        }
    }

    let ctx: AppContext
    private let backend: TerminalBackend
    private var stacks: [[Screen]] = []
    /// The screen last told it `appeared`.
    private weak var lastAppeared: Screen?
    /// Everyone starts on the overview: how the ward stands and what is late (limited to their own work for officers).
    private var section = Section.overview
    /// First-run set-up, sign-in or the idle lock, shown instead of the sections until done.
    private var gate: GateScreen?
    /// The gate to go back to when a gate opened over it is given up (F2 on the idle lock, then Esc).
    private var gateBehind: GateScreen?
    private let clock: () -> Date
    private var lastInput: Date
    private var idleSeconds = 0
    private var changeToken = 0
    private var status = StatusLine()
    private var dialog: (Dialog, () -> ScreenOutcome)?
    private var showingHelp = false { didSet { helpOffset = 0 } }
    /// The command palette (Ctrl-P or :), when open.
    private var palette: CommandPalette?
    /// Long work under way, once it has taken `progressDelay` seconds.
    private var progress: ProgressBox?
    /// How long work runs before its progress box appears (tests show it at once).
    var progressDelay: TimeInterval = 0.5
    private var helpOffset = 0
    private var tabRanges: [(Range<Int>, Section)] = []
    private var contentArea = Rect(x: 0, y: 0, width: 0, height: 0)
    /// Whose screens the section stacks are.
    private var stacksOwner: Int64?
    public private(set) var finished = false

    public init(context: AppContext, backend: TerminalBackend, clock: @escaping () -> Date = { Date() }, notice: String? = nil) {
        self.ctx = context
        if let notice { status.show(notice, .error) }
        // A file this user may only read: everything shows, nothing saves, and the user is told first.
        if context.store.readOnly { status.show(context.l.t(.readOnlyNotice), .error) }
        self.backend = backend
        self.clock = clock
        lastInput = clock()
        idleSeconds = context.read(or: 600) { try context.store.idleLockSeconds() }
        gate = nextGate()
        // After the sign-in's own audit row, before the screens read: that write is not a change
        // they missed (it counted the overview twice at every start).
        changeToken = context.store.changeToken()
        if gate == nil {
            stacks = Section.allCases.map { [makeRoot($0)] }
            stacksOwner = ctx.session?.id
        }
        context.progressHost = self
    }

    /// What must happen before the sections: set-up, then sign-in (automatic when the OS user
    /// is mapped to one account).
    private func nextGate() -> GateScreen? {
        // Unreadable is not empty: a database error must never offer the first-run set-up (a new admin).
        let noAccounts = (ctx.read(or: 1) { try ctx.store.accountCount() }) == 0
        if ctx.ward == nil || noAccounts {
            return FirstRunScreen(ctx: ctx, askWard: ctx.ward == nil, askAdmin: noAccounts)
        }
        if ctx.session == nil {
            // A disabled or locked-out account is not signed in automatically.
            if let mapped = (ctx.read { try ctx.store.signInAutomatically(osUser: ctx.osUser) }) {
                ctx.session = mapped
                return nil
            }
            return SignInScreen(ctx: ctx, canCancel: false)
        }
        return nil
    }

    private func makeRoot(_ s: Section) -> Screen {
        switch s {
        case .establishments: return EstablishmentListScreen(ctx: ctx)
        case .inspections: return VisitListScreen(ctx: ctx)
        case .support:
            return ctx.can(.viewSupport) ? CaseListScreen(ctx: ctx) : PlaceholderScreen(ctx: ctx, title: .tabSupport, body: .supportNotForRole)
        case .reports: return ReportListScreen(ctx: ctx)
        case .overview: return OverviewScreen(ctx: ctx)
        }
    }

    var current: Screen { gate ?? stacks[section.rawValue].last! }
    /// Set-up, sign-in or the idle lock is showing instead of the sections.
    var atGate: Bool { gate != nil }

    var anythingUnsaved: Bool {
        (gate?.hasUnsavedChanges ?? false) || stacks.joined().contains { $0.hasUnsavedChanges }
    }

    /// Runs until the user quits. The backend is always stopped, whatever happens.
    public func run() throws {
        try backend.start()
        defer { backend.stop() }
        redraw()
        while !finished {
            // Look often while a screen waits for work running in the background.
            if let event = backend.nextEvent(timeoutMilliseconds: current.waiting ? 50 : 500) {
                handle(event)
                _ = tick()
                redraw()
            } else if tick() {
                redraw()
            }
        }
    }

    /// Work that does not wait for a key: the idle lock, and refreshing when another terminal
    /// changed the data. Returns true when the screen should be drawn again.
    @discardableResult
    public func tick() -> Bool {
        var changed = false
        // Behind the idle lock nothing is read: the screens catch up once the person is back.
        let token = ctx.store.changeToken()
        if token != changeToken, !(gate is LockScreen) {
            changeToken = token
            idleSeconds = ctx.read(or: idleSeconds) { try ctx.store.idleLockSeconds() }
            ctx.read { try ctx.reloadWard() }
            followSession()
            for screen in stacks.joined() { screen.dataChanged() }
            if gate == nil { current.appeared() }
            changed = true
        }
        if gate == nil, current.poll() { changed = true }
        if ctx.session != nil, !(gate is LockScreen), !(gate is FirstRunScreen), idleSeconds > 0,
           clock().timeIntervalSince(lastInput) >= Double(idleSeconds) {
            lock()
            changed = true
        }
        return changed
    }

    /// The idle lock is a wall: whatever was open above the screens (a dialog and its pending
    /// confirmation, the palette, help, a switch-user sign-in) is gone, the ward key and anything
    /// decrypted are dropped, and only the lock screen is drawn. Typed input in forms stays.
    private func lock() {
        show(gate: LockScreen(ctx: ctx))
        status.clear()
        ctx.wardKey = nil
        for screen in stacks.joined() { screen.locked() }
    }

    /// A gate in front of everything: nothing that was open above the screens stays.
    private func show(gate newGate: GateScreen) {
        gate = newGate
        gateBehind = nil
        dialog = nil
        palette = nil
        showingHelp = false
    }

    /// The signed-in account as the database holds it now: disabled, locked out or removed in
    /// another terminal ends this session at once; changed roles count from now on.
    private func followSession() {
        guard let session = ctx.session else { return }
        let found: Account?
        do { found = try ctx.store.current(session) } catch { return }  // busy for a moment: ends nobody's session
        guard let now = found else {
            ctx.session = nil
            ctx.wardKey = nil
            stacks = []
            show(gate: SignInScreen(ctx: ctx, canCancel: false))
            status.show(ctx.l.t(.sessionEnded), .error)
            return
        }
        if now != session { ctx.session = now }
        if !now.can(.viewIdentities) { ctx.wardKey = nil }
    }

    /// Handles queued events until none remain (tests).
    /// Work a screen runs in the background is waited for (up to a minute), so tests see its result.
    public func drain() {
        redraw()
        while !finished, let event = backend.nextEvent(timeoutMilliseconds: 0) {
            handle(event)
            settle()
        }
        settle()
    }

    private func settle() {
        tick()
        let deadline = Date().addingTimeInterval(60)
        while current.waiting && Date() < deadline {
            usleep(2000)
            tick()
        }
        redraw()
    }

    // MARK: Events

    public func handle(_ event: Event) {
        if case .resize = event {} else { lastInput = clock() }
        switch event {
        case .resize: break  // the next frame is drawn at the new size
        case .mouse(let m): handleMouse(m)
        case .key(let key): handleKey(key)
        }
    }

    private func handleKey(_ key: Key) {
        if case (var d, let onConfirm)? = dialog {
            switch d.handle(key) {
            case .none: dialog = (d, onConfirm)
            case .dismissed: dialog = nil
            case .confirmed: dialog = nil; apply(onConfirm())
            }
            return
        }
        if var p = palette {
            switch key {
            case .escape: palette = nil
            case .enter:
                palette = nil
                if let entry = p.selectedEntry { run(entry) }
            default:
                p.handle(key)
                palette = p
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
            if permitted(action) { apply(screen.perform(action.id)) }
            return
        }
        // While the person types, every other key belongs to the field.
        if screen.capturesText {
            apply(screen.input(key))
            return
        }
        if let action = Actions.find(key, in: globalActions), permitted(action) {
            perform(action.id)
        }
    }

    /// Whether the signed-in person may do this; if not, the status line says which role it needs.
    private func permitted(_ action: Action) -> Bool {
        guard let needed = action.permission, !ctx.can(needed) else { return true }
        status.show(WardError.permissionDenied(needed).message(ctx.l), .error)
        return false
    }

    private var globalActions: [Action] {
        // In front of the sections (set-up, sign-in, lock) there is nothing to switch to.
        gate == nil ? Actions.global : Actions.global.filter { $0.id == .help || $0.id == .back }
    }

    /// What the footer and the help overlay offer on the current screen, screen actions first.
    private var availableActions: [Action] { actionsHere.filter { $0.permission.map(ctx.can) ?? true } }

    /// Every action of the current screen and the app, allowed or not.
    var actionsHere: [Action] {
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

    /// The palette lists every action here, those not allowed with the reason.
    private func paletteEntries() -> [CommandPalette.Entry] {
        let other = ctx.l.language == .vi ? Language.en : .vi
        let second = (try? ResourceLocator.directory()).flatMap { try? Localizer.load(other, resources: $0) }
        return actionsHere.filter { $0.id != .palette }.map { a in
            let refusal = a.permission.flatMap { ctx.can($0) ? nil : WardError.permissionDenied($0).message(ctx.l) }
            return CommandPalette.Entry(action: a, label: ctx.l.t(a.label), help: ctx.l.t(a.help),
                                        also: second.map { "\($0.t(a.label)) \($0.t(a.help))" } ?? "", refusal: refusal)
        }
    }

    /// Runs a palette entry as its key would: the screen's actions first, then the app's.
    private func run(_ entry: CommandPalette.Entry) {
        if let refusal = entry.refusal {
            status.show(refusal, .error)
            return
        }
        let id = entry.action.id
        if current.actions.contains(where: { $0.id == id }) {
            apply(current.perform(id))
        } else {
            perform(id)
        }
    }

    private func perform(_ id: ActionID) {
        switch id {
        case .nextSection: switchTo(section.next(by: 1))
        case .previousSection: switchTo(section.next(by: -1))
        case .section0: switchTo(.overview)
        case .section1: switchTo(.establishments)
        case .section2: switchTo(.inspections)
        case .section3: switchTo(.support)
        case .section4: switchTo(.reports)
        case .help: showingHelp = true
        case .palette: palette = CommandPalette(entries: paletteEntries())
        case .back: goBack()
        case .quit: requestQuit()
        case .accounts: open(AccountsScreen(ctx: ctx))
        case .audit: open(AuditScreen(ctx: ctx))
        case .settings: open(SettingsScreen(ctx: ctx))
        case .backupNow: apply(backupNow())
        case .checkData: apply(checkData())
        case .switchUser:
            if gate is LockScreen {
                // From the lock only a full sign-in; Esc comes back to the lock.
                gateBehind = gate
                gate = SignInScreen(ctx: ctx, canCancel: true)
            } else if gate == nil {
                gate = ctx.isDemo ? DemoSwitchScreen(ctx: ctx) : SignInScreen(ctx: ctx, canCancel: true)
            }
        default: break
        }
    }

    /// `B`: a manual backup into the backups folder, with its progress.
    private func backupNow() -> ScreenOutcome {
        let target = ctx.store.backupPath(label: "manual")
        do {
            try ctx.withProgress(.progressBackup) { try ctx.store.backup(to: target, by: try ctx.account(), progress: $0) }
            return .status(ctx.l.t(.cliBackupDone, target), .success)
        } catch {
            return .status(ctx.message(for: error), .error)
        }
    }

    /// `K`: the same health check as `wardcase check`; problems are listed in a dialog.
    private func checkData() -> ScreenOutcome {
        let l = ctx.l, path = ctx.store.path ?? ""
        do {
            let me = try ctx.account()
            let problems = try ctx.withProgress(.progressCheck) { try ctx.store.check(by: me, progress: $0) }
            if problems.isEmpty { return .status(l.t(.cliCheckOK, path), .success) }
            let text = ([l.t(.cliCheckProblems, path, problems.count)] + problems.map { "- " + $0.message(l) }).joined(separator: " ")
            return .message(Dialog.message(title: l.t(.actCheckData), message: text, ok: l.t(.okButton), isError: true))
        } catch {
            return .status(ctx.message(for: error), .error)
        }
    }

    private func switchTo(_ s: Section) {
        guard gate == nil else { return }
        // 0 from a list the overview opened goes back to the overview itself.
        if s == .overview, section == .overview, stacks[s.rawValue].count > 1 { stacks[s.rawValue].removeSubrange(1...) }
        section = s
    }

    /// Opens an app-wide screen (accounts, audit) on top of the current section.
    private func open(_ screen: Screen) {
        stacks[section.rawValue].append(screen)
    }

    private func goBack() {
        if gate == nil, stacks[section.rawValue].count > 1 {
            stacks[section.rawValue].removeLast()
        } else {
            requestQuit()
        }
    }

    private func requestQuit() {
        // Typed work, a form left open or identities opened with the passphrase: one q too many
        // would lose them, so q asks first.
        let formOpen = (gate.map { [$0] } ?? []).contains { $0 is FormScreen } || stacks.joined().contains { $0 is FormScreen }
        let message: Msg? = anythingUnsaved ? .quitUnsaved : formOpen ? .quitFormOpen : ctx.wardKey != nil ? .quitKeyOpen : nil
        if let message {
            let d = Dialog.confirm(title: ctx.l.t(.quitTitle), message: ctx.l.t(message), yes: ctx.l.t(.quitYes), no: ctx.l.t(.quitNo))
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
            if let g = gate {
                // Only the gate's own success (or giving up a switch of user) opens it: a pop from
                // anything else, such as a dialog left over from behind it, never does.
                if g.passed {
                    passGate(g)
                } else if g.cancelled {
                    gate = gateBehind
                    gateBehind = nil
                }
            } else if stacks[section.rawValue].count > 1 {
                stacks[section.rawValue].removeLast()
            }
        case .switchUser: perform(.switchUser)
        case .status(let text, let kind): status.show(text, kind)
        case .confirm(let d, let then): dialog = (d, then)
        case .message(let d): dialog = (d, { .none })
        case .quit: finished = true
        case .sequence(let steps): steps.forEach(apply)
        }
        // A lockout behind the idle lock signs the person out: back to the sign-in screen.
        if ctx.session == nil, gate is LockScreen {
            stacks = []
            gate = nextGate()
        }
    }

    /// A gate is done: go on to the next one, or to the sections. A different person gets
    /// fresh screens; the same person after the idle lock finds everything as they left it.
    private func passGate(_ done: Screen) {
        let wasFirstRun = done is FirstRunScreen
        let sameSession = stacksOwner == ctx.session?.id && !stacks.isEmpty
        gate = nil
        gateBehind = nil
        do { try ctx.reloadWard() } catch { status.show(ctx.message(for: error), .error) }
        gate = nextGate()
        guard gate == nil else { return }
        if !sameSession {
            stacks = Section.allCases.map { [makeRoot($0)] }
            section = .overview
            stacksOwner = ctx.session?.id
        }
        if wasFirstRun {
            status.show(ctx.l.t(.wardSaved), .success)
        } else if !sameSession, let who = ctx.session {
            status.show(ctx.l.t(.signedInAs, "\(who.displayName) (\(who.login))"), .success)
        }
        lastInput = clock()
    }

    private func handleMouse(_ m: MouseEvent) {
        if dialog != nil || showingHelp || palette != nil { return }
        if m.kind == .click, m.y == 1, let hit = tabRanges.first(where: { $0.0.contains(m.x) }) {
            switchTo(hit.1)
            return
        }
        if contentArea.contains(x: m.x, y: m.y) || m.kind != .click {
            apply(current.mouse(m))
        }
    }

    // MARK: Drawing

    public func redraw() {
        if gate == nil, current !== lastAppeared {
            lastAppeared = current
            current.appeared()
        }
        if let problem = ctx.problem {
            ctx.problem = nil
            status.show(problem, .error)
        }
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
        if var p = palette {
            p.render(into: &buf, area: middle, l: ctx.l)
            palette = p
        }
        if let (d, _) = dialog { d.render(into: &buf, area: middle) }
        progress?.render(into: &buf, area: middle)
        return buf
    }

    private func drawTopBar(_ buf: inout Buffer, _ area: Rect) {
        buf.fill(Rect(x: 0, y: area.y, width: area.width, height: 1), style: .title)
        let name: String
        if let w = ctx.ward { name = "\(w.name) · \(w.province)" } else { name = ctx.l.t(.setupTitle) }
        buf.put(" " + name, x: 0, y: area.y, style: .title, maxWidth: area.width - 30)
        let who = ctx.session.map { "\($0.login) · " } ?? ""
        let app = who + "wardcase "
        buf.put(app, x: area.width - TextWidth.of(app), y: area.y, style: .title)
        tabRanges = []
        guard gate == nil else { return }
        var x = 1
        for s in Section.tabs {
            let label = " \(s.digit) \(ctx.l.t(s.title)) "
            let w = TextWidth.of(label)
            let selected = s == section
            buf.put(label, x: x, y: area.y + 1, style: selected ? Style(bold: true, reverse: true) : .plain)
            tabRanges.append((x..<(x + w), s))
            x += w + 1
        }
        buf.put(String(repeating: "─", count: max(0, area.width - x)), x: x, y: area.y + 1, style: .muted)
    }

    /// The actions the footer offers on the current screen (tests walk them).
    var footerActions: [Action] { availableActions.filter(\.inFooter) }

    /// The footer: the screen's keys, then the global ones (switch user, help, quit), which are
    /// always there. When the line is short, the screen's keys lose their words first, then go.
    private func drawFooter(_ buf: inout Buffer, _ area: Rect) {
        var seen = Set<String>()
        let items = footerActions.filter { seen.insert($0.keyLabel).inserted }
        let globalIds = Set(Actions.global.map(\.id))
        let local = items.filter { !globalIds.contains($0.id) }, global = items.filter { globalIds.contains($0.id) }
        func width(_ a: Action, words: Bool) -> Int {
            TextWidth.of(a.keys.first!.label) + (words ? 1 + TextWidth.of(ctx.l.t(a.label)) : 0) + 2
        }
        let reserved = global.reduce(0) { $0 + width($1, words: true) }
        var x = 1
        func put(_ a: Action, words: Bool) {
            let key = a.keys.first!.label
            buf.put(key, x: x, y: area.y, style: .key)
            if words { buf.put(ctx.l.t(a.label), x: x + TextWidth.of(key) + 1, y: area.y, style: .plain) }
            x += width(a, words: words)
        }
        let room = area.width - reserved
        // The first `worded` keys keep their words, as many as leave room for the others' keys.
        let worded = (0...local.count).last { k in
            1 + local.prefix(k).reduce(0) { $0 + width($1, words: true) } + local.dropFirst(k).reduce(0) { $0 + width($1, words: false) } <= room
        } ?? 0
        for (i, a) in local.enumerated() {
            let words = i < worded
            if x + width(a, words: words) > room { break }
            put(a, words: words)
        }
        for a in global where x + width(a, words: true) <= area.width { put(a, words: true) }
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

extension App: ProgressHost {
    /// Draws the progress box over the screen and reads what was typed meanwhile: Esc cancels,
    /// anything else is dropped so that no key lands on a screen the person cannot see.
    func showProgress(_ title: String, _ state: WorkProgress.State) -> Bool {
        guard state.elapsed >= progressDelay else { return true }
        progress = ProgressBox(title: title, fraction: state.fraction, detail: state.describe(ctx.l), hint: ctx.l.t(.progressCancelHint))
        redraw()
        while let event = backend.nextEvent(timeoutMilliseconds: 0) {
            if case .key(.escape) = event { return false }
        }
        return true
    }

    func hideProgress() { progress = nil }
}
