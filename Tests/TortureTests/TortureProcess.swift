import Foundation
import XCTest

// Processes for the torture tests: the built binary, a child that can be killed at any moment,
// a tmux session, and a way to run a fuzz test in a child process of its own so that a crash in
// the app's code fails that test (with the input that did it) instead of ending the whole run.
// Kept small on purpose; the end-to-end target has the fuller versions (Tests/EndToEndTests/Tmux.swift).

/// The `wardcase` binary: WARDCASE_BIN, else the debug build `swift build` makes in this checkout.
func wardcaseBinary() throws -> String {
    if let bin = ProcessInfo.processInfo.environment["WARDCASE_BIN"], !bin.isEmpty {
        guard FileManager.default.isExecutableFile(atPath: bin) else { throw XCTSkip("WARDCASE_BIN=\(bin) is not an executable file") }
        return bin
    }
    let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let debug = repo.appendingPathComponent(".build/debug/wardcase").path
    if FileManager.default.isExecutableFile(atPath: debug) { return debug }
    throw XCTSkip("no wardcase binary: run `swift build` first (it makes .build/debug/wardcase), or set WARDCASE_BIN")
}

/// A fresh folder under the temporary directory, removed by the caller.
func scratchFolder(_ name: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-torture-\(name)-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The environment every spawned `wardcase` gets: no LANG, no WARDCASE_LANG (so Vietnamese, the
/// default), its own HOME and data folder, the resources of this checkout when not installed.
func plainEnvironment(home: URL) -> [String: String] {
    var env = ["PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": home.path, "XDG_DATA_HOME": home.appendingPathComponent("data").path,
               "TERM": "dumb"]
    if let r = ProcessInfo.processInfo.environment["WARDCASE_RESOURCES"] { env["WARDCASE_RESOURCES"] = r }
    return env
}

/// One spawned program, its output going to files (a killed program's pipes would need draining).
final class Spawned {
    let pid: pid_t
    let outPath: String
    let errPath: String
    private(set) var status: Int32?

    /// Starts `args` (found on PATH by /usr/bin/env) with `environment`; standard input is /dev/null
    /// unless `inputPath` is given.
    init(_ args: [String], environment: [String: String], inputPath: String = "/dev/null") throws {
        let dir = FileManager.default.temporaryDirectory.path
        let id = UUID().uuidString.prefix(12)
        outPath = dir + "/wardcase-torture-\(id).out"
        errPath = dir + "/wardcase-torture-\(id).err"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, inputPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = (["/usr/bin/env"] + args).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, "/usr/bin/env", &actions, nil, argv, envp)
        guard rc == 0 else { throw NSError(domain: "spawn", code: Int(rc), userInfo: [NSLocalizedDescriptionKey: "posix_spawn failed: \(rc)"]) }
        self.pid = pid
    }

    deinit {
        if status == nil { kill(pid, SIGKILL); _ = wait() }
        unlink(outPath); unlink(errPath)
    }

    /// Records a status reaped by someone else's waitpid.
    func markWaited(_ code: Int32) { status = code }

    /// Sends SIGKILL. Safe at any time: until it is waited for, the pid cannot be reused.
    func killNow() { if status == nil { kill(pid, SIGKILL) } }

    /// The exit status as a shell reports it: the code, or 128 + the signal.
    @discardableResult
    func wait() -> Int32 {
        if let status { return status }
        var raw: Int32 = 0
        while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
        let code = (raw & 0x7f) == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
        status = code
        return code
    }

    /// Waits up to `seconds`; nil if the program is still running.
    func wait(seconds: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            var raw: Int32 = 0
            let r = waitpid(pid, &raw, WNOHANG)
            if r == pid {
                status = (raw & 0x7f) == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
                return status
            }
            usleep(20_000)
        }
        return nil
    }

    var out: String { (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "" }
    var err: String { (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "" }
}

/// Runs a program to the end: exit status, standard output, standard error.
@discardableResult
func runProgram(_ args: [String], environment: [String: String], timeout: Double = 120) throws -> (status: Int32, out: String, err: String) {
    let p = try Spawned(args, environment: environment)
    guard let status = p.wait(seconds: timeout) else {
        p.killNow(); p.wait()
        throw NSError(domain: "torture", code: 1, userInfo: [NSLocalizedDescriptionKey: "\(args) did not finish in \(timeout) s"])
    }
    return (status, p.out, p.err)
}

/// Copies a database with its -wal and -shm files (a copy of the main file alone would miss
/// whatever the last writer left in the log).
func copyDatabase(_ from: String, to: String) throws {
    let fm = FileManager.default
    for suffix in ["", "-wal", "-shm"] {
        try? fm.removeItem(atPath: to + suffix)
        if fm.fileExists(atPath: from + suffix) { try fm.copyItem(atPath: from + suffix, toPath: to + suffix) }
    }
}

/// What a torture test measured, printed so that CI logs show where the five minutes go.
func report(_ line: String) {
    print("[torture] " + line)
    fflush(nil)
}

// MARK: tmux

/// One tmux server of its own: sessions that run the binary directly (the pane dies with it and
/// stays on screen, so what the app last drew can be read after a kill -9).
final class Tmux {
    let socket = "wardcase-torture-\(UUID().uuidString.prefix(8))"
    let home: URL
    private let config: URL
    private var started = false
    var configPath: String { config.path }
    var environment: [String: String] {
        ["PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": home.path, "LC_ALL": "C.UTF-8", "TMUX_TMPDIR": home.path]
    }

    init() throws {
        home = try scratchFolder("tmux")
        config = home.appendingPathComponent("tmux.conf")
        // remain-on-exit: a killed app's last screen stays readable.
        try "set -g remain-on-exit on\nset -g status off\nset -g history-limit 0\n".write(to: config, atomically: true, encoding: .utf8)
    }

    deinit {
        if started { _ = try? tmux(["kill-server"]) }
        try? FileManager.default.removeItem(at: home)
    }

    @discardableResult
    func tmux(_ args: [String]) throws -> String {
        let r = try runProgram(["tmux", "-L", socket, "-f", config.path] + args, environment: environment, timeout: 20)
        if r.status != 0 { throw NSError(domain: "tmux", code: Int(r.status), userInfo: [NSLocalizedDescriptionKey: "tmux \(args): \(r.err)"]) }
        return r.out
    }

    /// Starts `arguments` in a new session `name` under a bare environment (no LANG, as under cron).
    /// With `reportExit`, a shell runs the app and then prints "EXIT=<status>" (wait for it on the
    /// screen); without, the pane's process is the app itself (its pid is the one to kill).
    func start(_ name: String, _ arguments: [String], width: Int, height: Int, home appHome: URL, reportExit: Bool = false) throws {
        let quoted = arguments.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        var env = ["HOME=\(appHome.path)", "XDG_DATA_HOME=\(appHome.path)/data", "PATH=/usr/local/bin:/usr/bin:/bin", "TERM=screen-256color"]
        if let r = ProcessInfo.processInfo.environment["WARDCASE_RESOURCES"] { env.append("WARDCASE_RESOURCES=\(r)") }
        // exec: the pane's process is wardcase itself, so #{pane_pid} is the pid to kill.
        // (The shell lingers after the echo: tmux can lose the last output of a pane whose process ends at once.)
        let command = reportExit ? "env -i \(env.joined(separator: " ")) \(quoted); echo \"EXIT=$?\"; sleep 30"
            : "exec env -i \(env.joined(separator: " ")) \(quoted)"
        try tmux(["new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)", command])
        started = true
    }

    func screen(_ name: String) -> String { (try? tmux(["capture-pane", "-p", "-t", name])) ?? "" }

    func pid(_ name: String) -> pid_t? {
        let text = (try? tmux(["display-message", "-p", "-t", name, "#{pane_pid}"])) ?? ""
        return pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// "1" once the pane's program has ended, with its status.
    func deadStatus(_ name: String) -> (dead: Bool, status: String) {
        let text = ((try? tmux(["display-message", "-p", "-t", name, "#{pane_dead} #{pane_dead_status} #{pane_dead_signal}"])) ?? "")
            .trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ").map(String.init)
        // A status, or "signal N" for a program killed by a signal.
        let status = text.count > 1 ? text[1] : ""
        return (text.first == "1", status.isEmpty && text.count > 2 ? "signal \(text[2])" : status)
    }

    func press(_ name: String, _ keys: String...) throws {
        try tmux(["send-keys", "-t", name] + keys)
    }

    /// Types `text` literally (as a paste would arrive: one write).
    func type(_ name: String, _ text: String) throws {
        try tmux(["send-keys", "-t", name, "-l", text])
    }

    func resize(_ name: String, width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
    }

    func kill(_ name: String) { _ = try? tmux(["kill-session", "-t", name]) }

    /// Waits until the screen satisfies `condition`; returns the screen, or nil after `seconds`.
    func waitFor(_ name: String, seconds: Double = 15, _ condition: (String) -> Bool) -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let s = screen(name)
            if condition(s) { return s }
            usleep(25_000)
        }
        return nil
    }
}

// MARK: Crash isolation

/// Runs a test's body in a child process (this same test binary, asked to run only that test),
/// so that a crash in the app's code — a trap, an overflow, running out of memory, a hang — fails
/// the test with the input that caused it, and the other torture tests still run. After a crash
/// the parent starts a new child from the next input, so one run lists every kind of crash (up to
/// `maxCrashes`, then it stops); an input on which the child makes no progress for `stall` seconds
/// counts as a hang, and the run goes on from the next one too. Inside the child (TORTURE_CHILD set) the body just runs, from the
/// input numbers it is given (to replay a stretch by hand: TORTURE_CHILD=1 TORTURE_START=a TORTURE_END=b
/// .build/debug/WardCasePackageTests.xctest TortureTests.<Class>/<test>). On systems other than
/// Linux it runs in-process.
enum Isolation {
    static let childVariable = "TORTURE_CHILD"
    static let progressVariable = "TORTURE_PROGRESS"
    static let startVariable = "TORTURE_START"
    static let endVariable = "TORTURE_END"
    static let scratchVariable = "TORTURE_SCRATCH"

    /// A folder for a child's files, which the parent removes even if the child crashes: in memory
    /// (/dev/shm) where there is one, since on ext4 every rewrite of a small file is flushed to disk.
    static func scratchFolder() throws -> URL {
        let url: URL
        if let given = ProcessInfo.processInfo.environment[scratchVariable] { url = URL(fileURLWithPath: given) } else { url = newScratchPath() }
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func newScratchPath() -> URL {
        let shm = "/dev/shm"
        let base = FileManager.default.isWritableFile(atPath: shm) ? URL(fileURLWithPath: shm) : FileManager.default.temporaryDirectory
        return base.appendingPathComponent("wardcase-torture-\(UUID().uuidString.prefix(8))")
    }

    static var inChild: Bool { ProcessInfo.processInfo.environment[childVariable] != nil }

    nonisolated(unsafe) private static var progressFD: Int32 = -2

    /// Notes which input the child is on, so that the parent can say which one crashed and go on
    /// from the next. Cheap: one pwrite.
    static func note(_ index: Int, _ text: @autoclosure () -> String) {
        if progressFD == -2 {
            progressFD = ProcessInfo.processInfo.environment[progressVariable].map { open($0, O_WRONLY | O_CREAT, 0o600) } ?? -1
        }
        guard progressFD >= 0 else { return }
        var bytes = Array("\(index)|\(text())".utf8.prefix(500))
        bytes += Array(repeating: UInt8(ascii: " "), count: 512 - bytes.count)
        _ = bytes.withUnsafeBytes { pwrite(progressFD, $0.baseAddress, $0.count, 0) }
    }

    /// Where a crash happened, from the child's standard error: the fatal error's words, the
    /// first frame in the app's code (or Foundation's, or a package's), and the first source line.
    static func signature(_ err: String) -> String {
        let lines = err.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        var why = lines.first { $0.contains("Fatal error") || $0.contains("runtime failure") } ?? lines.first { $0.contains("crashed:") } ?? "crash"
        why = why.replacingOccurrences(of: #"0x[0-9a-f]+"#, with: "", options: .regularExpression).replacingOccurrences(of: "*** ", with: "")
            .replacingOccurrences(of: #"allocate \d+ bytes"#, with: "allocate N bytes", options: .regularExpression)
        let frames = lines.drop { !$0.hasPrefix("Thread 0") }.filter { $0.first?.isNumber == true }
        func function(_ frame: String) -> String {
            // "1 [ra] [system] 0x0000… implicit closure #3 in f(_:) + 72 in Binary at /path/File.swift:164:43"
            let afterAddress = frame.split(separator: " ").drop { !$0.hasPrefix("0x") }.dropFirst().joined(separator: " ")
            return afterAddress.replacingOccurrences(of: #" \+ \d+ in .*$"#, with: "", options: .regularExpression)
        }
        let first = frames.first { f in ["WardCasePackageTests.xctest", "libFoundation", "wardcase "].contains { f.contains($0) } && !f.contains("_assertionFailure") }
        let source = frames.first { $0.contains("/Sources/") || $0.contains("/checkouts/") }
            .flatMap { $0.split(separator: "/").last.map(String.init) }
        var out = why
        if let first { out += " — " + function(first) }
        if let source { out += " (" + source + ")" }
        return out
    }

    /// Runs `body` over the inputs `0..<count`, split into `shards` child processes that run side
    /// by side (a fuzz test is all computation: two cores, two shards). `test` is the XCTest case,
    /// `method` its #function; the body gets the input numbers it is to run. `memoryMB` caps each
    /// child's address space (a runaway allocation ends the child, not the machine).
    static func run(_ test: XCTestCase, _ method: String = #function, count: Int, shards: Int = 2, timeout: Double,
                    stall: Double = 15, memoryMB: Int = 3072, maxCrashes: Int = 8,
                    file: StaticString = #filePath, line: UInt = #line, _ body: (_ inputs: Range<Int>) throws -> Void) rethrows {
        #if os(Linux)
        if inChild {
            var limit = rlimit(rlim_cur: rlim_t(memoryMB) << 20, rlim_max: rlim_t(memoryMB) << 20)
            setrlimit(Int32(RLIMIT_AS.rawValue), &limit)
            let env = ProcessInfo.processInfo.environment
            let from = env[startVariable].flatMap(Int.init) ?? 0, to = env[endVariable].flatMap(Int.init) ?? count
            try body(from..<max(from, to))
            return
        }
        let started = Date()
        let name = method.hasSuffix("()") ? String(method.dropLast(2)) : method
        let spec = "TortureTests.\(String(describing: type(of: test)))/\(name)"
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var env = ProcessInfo.processInfo.environment
        env[childVariable] = spec
        // A short crash report: where it crashed is what matters.
        env["SWIFT_BACKTRACE"] = "enable=yes,interactive=no,symbolicate=fast,threads=crashed,registers=none,images=none"
        let deadline = started.addingTimeInterval(timeout)

        /// One shard: a range of inputs, its current child, where it goes on from after a crash.
        final class Shard {
            let end: Int
            var start: Int
            var child: Spawned?
            let progress: String
            let scratch = Isolation.newScratchPath()
            var done = false
            /// What the child last said it was on, and when that changed: an input that takes too
            /// long is a hang.
            var lastNote = ""
            var lastChange = Date()
            init(_ range: Range<Int>) {
                start = range.lowerBound; end = range.upperBound
                progress = FileManager.default.temporaryDirectory.appendingPathComponent("wardcase-torture-progress-\(UUID().uuidString.prefix(8))").path
            }
        }
        let n = max(1, min(shards, count))
        let shardList = (0..<n).map { k in Shard((count * k / n)..<(count * (k + 1) / n)) }
        defer { for sh in shardList { unlink(sh.progress); try? FileManager.default.removeItem(at: sh.scratch) } }
        var crashes: [(signature: String, input: String)] = []
        var failures: [String] = []

        func launch(_ sh: Shard) {
            unlink(sh.progress)
            var e = env
            e[progressVariable] = sh.progress
            e[startVariable] = String(sh.start)
            e[endVariable] = String(sh.end)
            e[scratchVariable] = sh.scratch.path
            sh.lastNote = ""
            sh.lastChange = Date()
            do { sh.child = try Spawned([exe, spec], environment: e) } catch {
                failures.append("could not start a child for \(spec): \(error)")
                sh.done = true
            }
        }
        for sh in shardList { launch(sh) }
        while shardList.contains(where: { !$0.done }) {
            for sh in shardList where !sh.done {
                guard let child = sh.child else { sh.done = true; continue }
                var raw: Int32 = 0
                let timedOut = Date() > deadline
                let note = (try? String(contentsOfFile: sh.progress, encoding: .utf8)) ?? ""
                if note != sh.lastNote { sh.lastNote = note; sh.lastChange = Date() }
                let stalled = !timedOut && Date().timeIntervalSince(sh.lastChange) > stall
                if timedOut || stalled { child.killNow() }
                let r = timedOut || stalled ? waitpid(child.pid, &raw, 0) : waitpid(child.pid, &raw, WNOHANG)
                if r == 0 { continue }
                let code: Int32 = (raw & 0x7f) == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
                child.markWaited(code)
                let out = child.out, err = child.err
                for l in out.split(separator: "\n") where l.hasPrefix("[torture]") { print(l) }
                fflush(nil)
                let noted = ((try? String(contentsOfFile: sh.progress, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespaces)
                let index = noted.split(separator: "|", maxSplits: 1).first.flatMap { Int($0) }
                let doing = noted.split(separator: "|", maxSplits: 1).dropFirst().first.map(String.init) ?? "(none noted)"
                sh.child = nil
                if timedOut {
                    failures.append("\(spec) did not finish within \(Int(timeout)) s (a hang, or too slow); a child was working on: \(doing)")
                    sh.done = true
                } else if code == 0 {
                    sh.done = true
                } else if stalled && index != nil {
                    let sig = "hang: no progress for \(Int(stall)) s on one input"
                    crashes.append((sig, doing))
                    report("\(spec): HANG on \(doing)")
                    if crashes.count < maxCrashes, index! + 1 < sh.end { sh.start = index! + 1; launch(sh) } else { sh.done = true }
                } else if code <= 128 || index == nil {
                    // Failed assertions (or a crash before the first input): the child's own words.
                    let said = out.split(separator: "\n").filter { $0.contains("error:") }.suffix(30)
                    let tail = code > 128 ? err.split(separator: "\n").filter { !$0.hasPrefix("Test ") }.prefix(30) : []
                    failures.append("\(spec) failed in a child process (exit status \(code)); last input: \(doing)\n"
                                    + said.joined(separator: "\n") + "\n" + tail.joined(separator: "\n"))
                    sh.done = true
                } else {
                    let sig = signature(err)
                    crashes.append((sig, doing))
                    report("\(spec): CRASH on \(doing): \(sig)")
                    if crashes.count >= maxCrashes {
                        report("\(spec): stopping after \(maxCrashes) crashes")
                        for other in shardList where !other.done { other.child?.killNow(); other.child?.wait(); other.done = true }
                    } else if index! + 1 < sh.end {
                        sh.start = index! + 1
                        launch(sh)
                    } else {
                        sh.done = true
                    }
                }
            }
            usleep(20_000)
        }
        for f in failures { XCTFail(f, file: file, line: line) }
        // One failure per kind of crash, with how often and the first input that did it.
        var kinds: [String: [String]] = [:]
        var order: [String] = []
        for c in crashes {
            if kinds[c.signature] == nil { order.append(c.signature) }
            kinds[c.signature, default: []].append(c.input)
        }
        for k in order {
            let inputs = kinds[k]!
            XCTFail("\(spec): the app crashed on \(inputs.count) input(s) (first: \(inputs[0])): \(k)", file: file, line: line)
        }
        report("\(spec): \(count) inputs on \(n) process(es) in " + String(format: "%.1f s", Date().timeIntervalSince(started)))
        #else
        try body(0..<count)
        #endif
    }
}

/// The lines where two screens differ, for a failure message that can be read.
func screenDiff(_ a: String, _ b: String) -> String {
    let x = a.components(separatedBy: "\n"), y = b.components(separatedBy: "\n")
    var out: [String] = []
    for i in 0..<max(x.count, y.count) {
        let p = i < x.count ? x[i] : "(none)", q = i < y.count ? y[i] : "(none)"
        if p != q { out.append("line \(i):\n  got:      \(p)\n  expected: \(q)") }
    }
    return out.prefix(12).joined(separator: "\n")
}
