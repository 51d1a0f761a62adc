import CNcursesw
#if canImport(Glibc)
import Glibc
#endif

/// The real terminal through ncursesw. Every curses call lives here, on the main thread.
public final class NcursesBackend: TerminalBackend {
    private let useColor: Bool
    private var colorsOn = false
    private var pairs: [Int: Int16] = [:]
    private var active = false

    /// `useColor` false (NO_COLOR, or a monochrome terminal) keeps only bold/reverse/underline.
    public init(useColor: Bool) { self.useColor = useColor }

    /// Makes sure the process draws UTF-8 even when LANG is unset (CI, cron, a bare SSH session).
    public static func ensureUTF8Locale() {
        setlocale(LC_ALL, "")
        if shim_locale_is_utf8() == 0 { setlocale(LC_ALL, "C.UTF-8") }
    }

    public func start() throws {
        NcursesBackend.ensureUTF8Locale()
        NcursesBackend.installSignalHandlers()
        _ = initscr()
        active = true
        raw()
        noecho()
        keypad(shim_stdscr(), true)
        set_escdelay(25)
        mouseinterval(0)
        _ = mousemask(shim_all_mouse_events(), nil)  // clicks and wheel; no motion reports
        if useColor && has_colors() {
            start_color()
            use_default_colors()
            colorsOn = true
        }
    }

    public func stop() {
        guard active else { return }
        active = false
        endwin()
    }

    public var size: Size {
        Size(width: Int(getmaxx(shim_stdscr())), height: Int(getmaxy(shim_stdscr())))
    }

    public func draw(_ buffer: Buffer) {
        let visible = size
        for y in 0..<min(buffer.size.height, visible.height) {
            for x in 0..<min(buffer.size.width, visible.width) {
                let cell = buffer[x, y]
                if cell.isContinuation { continue }
                var scalars = Array(cell.text.unicodeScalars.prefix(5)).map { wchar_t(bitPattern: $0.value) }
                if scalars.isEmpty { scalars = [wchar_t(32)] }
                scalars.append(0)
                _ = shim_put_cell(Int32(y), Int32(x), scalars, attributes(cell.style), pair(cell.style))
            }
        }
        if let c = buffer.cursor {
            curs_set(1)
            move(Int32(c.y), Int32(c.x))
        } else {
            curs_set(0)
        }
        refresh()
    }

    public func nextEvent(timeoutMilliseconds: Int) -> Event? {
        wtimeout(shim_stdscr(), Int32(timeoutMilliseconds))
        var ch: wint_t = 0
        let rc = get_wch(&ch)
        if rc == ERR { return nil }
        if rc == shim_key_code_yes() { return functionKey(Int32(ch)) }
        return character(UInt32(ch))
    }

    private func character(_ code: UInt32) -> Event? {
        switch code {
        case 9: return .key(.tab)
        case 10, 13: return .key(.enter)
        case 27: return .key(.escape)
        case 8, 127: return .key(.backspace)
        case 1...26: return .key(.ctrl(Character(Unicode.Scalar(code + 96)!)))
        case 0, 28...31: return nil
        default:
            guard let s = Unicode.Scalar(code) else { return nil }
            return .key(.char(Character(s)))
        }
    }

    private func functionKey(_ code: Int32) -> Event? {
        switch code {
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_PPAGE: return .key(.pageUp)
        case KEY_NPAGE: return .key(.pageDown)
        case KEY_HOME: return .key(.home)
        case KEY_END: return .key(.end)
        case KEY_BACKSPACE: return .key(.backspace)
        case KEY_DC: return .key(.delete)
        case KEY_BTAB: return .key(.backTab)
        case KEY_ENTER: return .key(.enter)
        case KEY_RESIZE: return .resize(size)
        case KEY_MOUSE:
            var m = MEVENT()
            guard getmouse(&m) == OK else { return nil }
            let x = Int(m.x), y = Int(m.y)
            if m.bstate & shim_button4_pressed() != 0 { return .mouse(MouseEvent(kind: .wheelUp, x: x, y: y)) }
            if m.bstate & shim_button5_pressed() != 0 { return .mouse(MouseEvent(kind: .wheelDown, x: x, y: y)) }
            if m.bstate & (shim_button1_pressed() | shim_button1_clicked()) != 0 {
                return .mouse(MouseEvent(kind: .click, x: x, y: y))
            }
            return nil
        default:
            if code >= KEY_F0 && code <= KEY_F0 + 12 { return .key(.function(Int(code - KEY_F0))) }
            return nil
        }
    }

    private func attributes(_ s: Style) -> UInt32 {
        var a = shim_a_normal()
        if s.bold { a |= shim_a_bold() }
        if s.reverse { a |= shim_a_reverse() }
        if s.underline { a |= shim_a_underline() }
        if s.dim { a |= shim_a_dim() }
        // Without colour, a coloured background would vanish: show it as reverse video instead.
        if !colorsOn && s.bg != .default { a |= shim_a_reverse() }
        return a
    }

    private func pair(_ s: Style) -> Int16 {
        guard colorsOn, s.fg != .default || s.bg != .default else { return 0 }
        let key = (s.fg.rawValue + 1) * 16 + (s.bg.rawValue + 1)
        if let p = pairs[key] { return p }
        let p = Int16(pairs.count + 1)
        init_pair(p, Int16(s.fg.rawValue), Int16(s.bg.rawValue))
        pairs[key] = p
        return p
    }

    /// Restores the terminal on SIGTERM, SIGHUP, SIGINT and on crashes, then lets the signal
    /// do what it would have done, so that the user's shell is never left broken.
    static func installSignalHandlers() {
        let restore: @convention(c) (Int32) -> Void = { sig in
            endwin()
            signal(sig, SIG_DFL)
            raise(sig)
        }
        for sig in [SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE] {
            signal(sig, restore)
        }
    }
}
