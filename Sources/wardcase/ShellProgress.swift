import Foundation
import TextCells
import WardCaseCore

/// Long work on the shell: a one-line bar on stderr, redrawn in place, once the work has taken
/// half a second, and only when stderr is a terminal. In pipes, files and cron nothing extra is
/// written, so output stays what scripts expect. The line is wiped when the work ends.
/// WARDCASE_PROGRESS_DELAY (seconds) changes the half second; tests set it to 0.
enum ShellProgress {
    /// `cancellable`: Esc typed at the terminal while the work runs cancels it (the work then
    /// writes nothing, see WorkProgress).
    static func run<T>(_ title: Msg, _ l: Localizer, cancellable: Bool = false, _ work: (WorkProgress) throws -> T) throws -> T {
        guard isatty(STDERR_FILENO) == 1 else { return try work(.silent) }
        let delay = ProcessInfo.processInfo.environment["WARDCASE_PROGRESS_DELAY"].flatMap(Double.init) ?? 0.5
        let text = l.t(title)
        var shown = false
        defer { if shown { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) } }
        // Keys arrive one by one, unechoed, while the work runs; the terminal is put back after.
        let listening = cancellable && isatty(STDIN_FILENO) == 1
        var saved = termios()
        if listening {
            tcgetattr(STDIN_FILENO, &saved)
            var raw = saved
            raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
            tcsetattr(STDIN_FILENO, TCSANOW, &raw)
        }
        defer { if listening { tcsetattr(STDIN_FILENO, TCSANOW, &saved) } }
        return try work(WorkProgress { state in
            if listening, escapePressed() { return false }
            guard state.elapsed >= delay else { return true }
            shown = true
            FileHandle.standardError.write(Data(("\r\u{1B}[2K" + line(text, state, l, width: columns())).utf8))
            return true
        })
    }

    /// "Đang sao lưu ████████░░░░░░░░ 48% 1.234/2.560 · còn khoảng 2 giây", cut to the terminal's width.
    static func line(_ title: String, _ state: WorkProgress.State, _ l: Localizer, width: Int) -> String {
        let percent = "\(Int((state.fraction * 100).rounded(.down)))%"
        let detail = state.describe(l)
        let room = width - 1 - TextWidth.of(title) - TextWidth.of(percent) - TextWidth.of(detail) - 3
        let bar = TextWidth.bar(state.fraction, width: min(30, max(5, room)))
        return TextWidth.truncate("\(title) \(bar) \(percent) \(detail)", to: width - 1)
    }

    private static func escapePressed() -> Bool {
        var fds = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        guard poll(&fds, 1, 0) > 0 else { return false }
        var byte: UInt8 = 0
        return read(STDIN_FILENO, &byte, 1) == 1 && byte == 0x1B
    }

    private static func columns() -> Int {
        var size = winsize()
        guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }
}
