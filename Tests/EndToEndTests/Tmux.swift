import Foundation
import XCTest

/// The installed `wardcase` binary: WARDCASE_BIN (install.sh --test sets it), else a local build.
func wardcaseBinary() throws -> String {
    if let bin = ProcessInfo.processInfo.environment["WARDCASE_BIN"], !bin.isEmpty { return bin }
    let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    // The newer of the local builds.
    let builds = ["release", "debug"].map { repo.appendingPathComponent(".build/\($0)/wardcase").path }
        .filter { FileManager.default.isExecutableFile(atPath: $0) }
        .sorted { modified($0) > modified($1) }
    if let newest = builds.first { return newest }
    throw XCTSkip("no wardcase binary: run ./install.sh --test, or set WARDCASE_BIN")
}

private func modified(_ path: String) -> Date {
    ((try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date) ?? .distantPast
}

/// Runs a program and returns its exit status, standard output and standard error.
/// posix_spawn + waitpid rather than Foundation's Process, which can miss the exit of a tmux
/// client whose daemonised server lives on; output goes through files for the same reason.
@discardableResult
func runProgram(_ args: [String], environment: [String: String]? = nil, input: String? = nil) throws -> (status: Int32, out: String, err: String) {
    let dir = FileManager.default.temporaryDirectory.path
    let outPath = dir + "/wardcase-run-\(UUID().uuidString).out"
    let errPath = dir + "/wardcase-run-\(UUID().uuidString).err"
    let inPath = dir + "/wardcase-run-\(UUID().uuidString).in"
    try (input ?? "").write(toFile: inPath, atomically: true, encoding: .utf8)
    defer { unlink(outPath); unlink(errPath); unlink(inPath) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, inPath, O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
    let argv = (["/usr/bin/env"] + args).map { strdup($0) } + [nil]
    let envp = env.map { strdup($0) } + [nil]
    defer { (argv + envp).forEach { free($0) } }
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, "/usr/bin/env", &actions, nil, argv, envp)
    guard rc == 0 else { throw NSError(domain: "spawn", code: Int(rc)) }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    let o = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
    let e = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
    return (code, o, e)
}

/// One sealed tmux session on its own server socket, with its own HOME and data folder,
/// driven one key at a time like a person, read back as text. (After tig's libtest.sh.)
final class TmuxSession {
    let socket = "wardcase-e2e-\(UUID().uuidString.prefix(8))"
    let home: URL
    private var started = false

    /// The tmux-driven tests are slow: `swift test` alone skips them; `.ci/run` and
    /// `./install.sh --test` set WARDCASE_FULL_TESTS=1 and run them.
    init() throws {
        guard ProcessInfo.processInfo.environment["WARDCASE_FULL_TESTS"] == "1" else {
            throw XCTSkip("the tmux suites run with WARDCASE_FULL_TESTS=1 (as .ci/run and ./install.sh --test do)")
        }
        home = FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    }

    deinit {
        if started { _ = try? tmux(["kill-server"]) }
        try? FileManager.default.removeItem(at: home)
    }

    @discardableResult
    func tmux(_ args: [String]) throws -> String {
        let r = try runProgram(["tmux", "-L", socket, "-f", "/dev/null"] + args,
                        environment: ["PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": home.path, "LC_ALL": "C.UTF-8",
                                      "TMUX_TMPDIR": home.path])
        if r.status != 0 { throw NSError(domain: "tmux", code: Int(r.status), userInfo: [NSLocalizedDescriptionKey: r.err]) }
        return r.out
    }

    /// Starts `arguments` under a bare environment (no LANG, as in cron or CI), then prints the
    /// exit status and whether the tty is back in cooked mode with echo.
    func start(_ arguments: [String], width: Int = 100, height: Int = 30, extraEnvironment: [String] = []) throws {
        let quoted = arguments.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let env = (["HOME=\(home.path)", "XDG_DATA_HOME=\(home.path)/data", "PATH=/usr/local/bin:/usr/bin:/bin",
                    "TERM=screen-256color"] + extraEnvironment).joined(separator: " ")
        // One line after exit: "EXIT=0 TTY=icanon echo" when the terminal was restored.
        let script = "env -i \(env) \(quoted); s=$?; "
            + "m=$(stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' '); echo \"EXIT=$s TTY=$m\"; sleep 120"
        // From / : the installed binary must find its resources from any working directory.
        try tmux(["new-session", "-d", "-s", "t", "-c", "/", "-x", "\(width)", "-y", "\(height)", script])
        started = true
    }

    var screen: String { (try? tmux(["capture-pane", "-p", "-t", "t"])) ?? "" }

    /// The command keys pressed so far (typed text not counted): what a working day costs.
    private(set) var commandKeys = 0

    /// Sends keys one at a time, as a person types. Names like Enter, Escape, BTab, C-c are tmux key names.
    func press(_ keys: String...) throws {
        for k in keys { try tmux(["send-keys", "-t", "t", k]) }
        commandKeys += keys.count
    }

    func type(_ text: String) throws {
        for ch in text { try tmux(["send-keys", "-t", "t", "-l", String(ch)]) }
    }

    /// Waits (up to `seconds`) until the screen satisfies `condition`; fails with the screen otherwise.
    @discardableResult
    func waitFor(_ what: String, seconds: Double = 10, file: StaticString = #filePath, line: UInt = #line,
                 _ condition: (String) -> Bool) -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = screen
            if condition(last) { return last }
            Thread.sleep(forTimeInterval: 0.05)
        }
        XCTFail("timed out waiting for \(what); screen was:\n\(last)", file: file, line: line)
        return last
    }

    func waitFor(text: String, seconds: Double = 10, file: StaticString = #filePath, line: UInt = #line) -> String {
        waitFor("“\(text)”", seconds: seconds, file: file, line: line) { $0.contains(text) }
    }

    var alternateScreenOn: Bool { ((try? tmux(["display-message", "-p", "-t", "t", "#{alternate_on}"])) ?? "").hasPrefix("1") }
    var panePID: String { ((try? tmux(["display-message", "-p", "-t", "t", "#{pane_pid}"])) ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", "t", "-x", "\(width)", "-y", "\(height)"])
    }
}
