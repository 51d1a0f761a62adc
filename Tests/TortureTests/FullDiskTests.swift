import Foundation
import XCTest
@testable import WardCaseCore

/// A full disk and a read-only database, through the real binary: the app says so in one plain
/// sentence (Vietnamese by default) with exit status 3, shows no stack trace, and afterwards
/// `wardcase check` passes and the data is exactly as it was (the register printed before and
/// after is byte for byte the same).
///
/// A full disk needs a small file system of its own: a tmpfs mounted for the test (root, or
/// CAP_SYS_ADMIN, as in the CI container). Read-only is tried three ways: a read-only mount, an
/// immutable file (chattr +i; root ignores file modes, so chmod alone proves nothing for root),
/// and chmod 0444 for an ordinary user (the binary run as `nobody` through setpriv). Each way that
/// the machine does not allow is skipped with the reason.
final class FullDiskTests: TortureCase {
    private var mounts: [URL] = []
    private var cleanups: [() -> Void] = []

    override func tearDown() {
        for c in cleanups.reversed() { c() }
        cleanups = []
        for m in mounts.reversed() {
            _ = try? runProgram(["umount", m.path], environment: Self.sbin)
            _ = try? runProgram(["umount", "-l", m.path], environment: Self.sbin)
            try? FileManager.default.removeItem(at: m)
        }
        mounts = []
        super.tearDown()
    }

    static let sbin = ["PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]

    /// A tmpfs of `kilobytes` mounted on a fresh folder, unmounted in tearDown.
    func smallDisk(kilobytes: Int) throws -> URL {
        let dir = try scratchFolder("tmpfs")
        let r = try runProgram(["mount", "-t", "tmpfs", "-o", "size=\(kilobytes)k,mode=0755", "tmpfs", dir.path], environment: Self.sbin)
        guard r.status == 0 else {
            try? FileManager.default.removeItem(at: dir)
            throw XCTSkip("cannot mount a small tmpfs to fill (\(r.err.trimmingCharacters(in: .whitespacesAndNewlines))): "
                          + "a full disk through the real binary needs root or CAP_SYS_ADMIN")
        }
        mounts.append(dir)
        return dir
    }

    /// Fills the file system holding `folder` to the last byte; returns the filler file.
    @discardableResult
    func fill(_ folder: URL) throws -> String {
        let path = folder.appendingPathComponent("filler-\(UUID().uuidString.prefix(6))").path
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { throw NSError(domain: "torture", code: Int(errno)) }
        defer { close(fd) }
        var chunk = 1 << 20
        let zeros = [UInt8](repeating: 0, count: chunk)
        while chunk >= 1 {
            let n = zeros.withUnsafeBytes { write(fd, $0.baseAddress, chunk) }
            if n < chunk { chunk /= 2 }
        }
        fsync(fd)
        return path
    }

    struct Ward {
        let bin: String, db: String, env: [String: String], folder: URL
        func run(_ args: [String]) throws -> (status: Int32, out: String, err: String) {
            try runProgram([bin] + args + ["--db", db], environment: env)
        }
        /// The register and the reports as the shell prints them: what "intact" is compared on.
        func snapshot() throws -> String {
            let list = try run(["list", "establishments", "--format", "csv"])
            let reports = try run(["report", "list"])
            let tips = try run(["report", "show", "--period", "2026-09"])
            return list.out + "\n" + reports.out + "\n" + tips.out
        }
    }

    func demoWard(in folder: URL) throws -> Ward {
        let bin = try wardcaseBinary()
        let ward = Ward(bin: bin, db: folder.appendingPathComponent("ward.sqlite").path, env: plainEnvironment(home: folder), folder: folder)
        let r = try runProgram([bin, "demo", "--db", ward.db], environment: ward.env)
        XCTAssertEqual(r.status, 0, r.err)
        return ward
    }

    /// A big import file outside the small disk: more than the log has room for.
    func bigImport(rows: Int) throws -> String {
        let folder = try scratchFolder("bigimport")
        cleanups.append { try? FileManager.default.removeItem(at: folder) }
        var lines = ["Tên cơ sở,Loại hình,Địa chỉ,Số giấy phép,Ghi chú"]
        let note = String(repeating: "Ghi chú dài về cơ sở. ", count: 40)
        for j in 0..<rows { lines.append("Nhà nghỉ Đĩa Đầy \(j),Nhà nghỉ,Số \(j) phố Láng,DD-\(j),\(note)") }
        let path = folder.appendingPathComponent("big.csv").path
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Exit status 3 and exactly `sentence` on standard error: no trace, no Swift words.
    func assertSaidPlainly(_ r: (status: Int32, out: String, err: String), _ sentence: String, _ what: String,
                           file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.status, 3, "\(what): exit status", file: file, line: line)
        XCTAssertEqual(r.err, sentence + "\n", "\(what): what was said", file: file, line: line)
    }

    // MARK: Full disk

    func testAFullDiskIsSaidPlainlyAndLosesNothing() throws {
        let started = Date()
        let disk = try smallDisk(kilobytes: 32 * 1024)
        let ward = try demoWard(in: disk)
        let l = try Localizer.load(.vi, resources: ResourceLocator.directory())
        XCTAssertEqual(try ward.run(["check"]).status, 0)
        let big = try bigImport(rows: 1500)
        // Last month's report as a draft, to finalise on the full disk (the demo leaves it undrafted).
        let today = Formats.Day.today()
        let lastMonth = today.month == 1 ? "\(today.year - 1)-12" : String(format: "%04d-%02d", today.year, today.month - 1)
        XCTAssertEqual(try ward.run(["report", "draft", "--period", lastMonth]).status, 0)
        let before = try ward.snapshot()

        let filler = try fill(disk)
        let full = l.t(.errDiskFull, ward.db)
        assertSaidPlainly(try ward.run(["import", "establishments", big]), full, "importing onto a full disk")
        // Smaller writes: they may fit in room the log already has; if they do, they must be there.
        let type = try ward.run(["type", "set", "xong_hoi", "--vi", "Xông hơi"])
        if type.status != 0 { assertSaidPlainly(type, full, "adding a type on a full disk") }
        let finalise = try ward.run(["report", "finalise", "--period", lastMonth])
        if finalise.status != 0 { assertSaidPlainly(finalise, full, "finalising on a full disk") }
        // Reading still works on a full disk.
        XCTAssertEqual(try ward.run(["check"]).status, 0, "check on a full disk")

        unlink(filler)
        let check = try ward.run(["check"])
        XCTAssertEqual(check.status, 0, check.out + check.err)
        var expected = before
        if type.status == 0 { XCTAssertTrue(try ward.run(["type", "list"]).out.contains("xong_hoi"), "the type said added is missing") }
        if finalise.status == 0 {
            XCTAssertTrue(try ward.run(["report", "show", "--period", lastMonth]).out.contains(l.t(.reportFinal)), "the report said final is not")
            expected = try ward.snapshot()   // the report list changed, by that report only
        }
        XCTAssertEqual(try ward.snapshot(), expected, "the data changed after the full disk")
        // Room again: the same import now goes through whole.
        let again = try ward.run(["import", "establishments", big])
        XCTAssertEqual(again.status, 0, again.err)
        XCTAssertTrue(again.out.contains(l.t(.importDone, 1500, 0, 0)), String(again.out.suffix(300)))
        XCTAssertEqual(try ward.run(["check"]).status, 0)
        report(String(format: "full disk through the shell: %.1f s", Date().timeIntervalSince(started)))
    }

    /// The disk fills up while the TUI is open: saving says so on the status line, the form keeps
    /// what was typed, and once there is room the same Ctrl-S saves it.
    func testTheDiskFillingUnderTheOpenAppIsSaidAndLosesNothing() throws {
        let started = Date()
        let disk = try smallDisk(kilobytes: 12 * 1024)
        let ward = try demoWard(in: disk)
        let l = try Localizer.load(.vi, resources: ResourceLocator.directory())
        let backups = disk.appendingPathComponent("backups")
        try FileManager.default.createDirectory(at: backups, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: backups.appendingPathComponent("ward-\(Formats.Day.today().iso).sqlite").path, contents: Data())
        let before = try ward.run(["list", "establishments", "--format", "csv"]).out
        let tmux = try Tmux()
        cleanups.append { tmux.kill("full") }
        try tmux.start("full", [ward.bin, "--demo", "--db", ward.db], width: 220, height: 40, home: disk, reportExit: true)
        XCTAssertNotNil(tmux.waitFor("full") { $0.contains("Tổng quan năm") }, tmux.screen("full"))
        try tmux.press("full", "1", "n")
        XCTAssertNotNil(tmux.waitFor("full") { $0.contains(l.t(.newEstablishmentTitle)) }, tmux.screen("full"))
        let name = "Karaoke Đĩa Đầy"
        try tmux.type("full", name)
        // To the notes, and a note; then wait until the app has taken every key (a debug build draws slowly).
        for _ in 0..<20 { try tmux.press("full", "Tab") }
        // (Lines of their own: a notes field shows each line cut to its width, so the end is only seen on a line.)
        try tmux.type("full", String(repeating: "Ghi chú khi ổ đĩa đầy.\n", count: 4) + "HẾT GHI CHÚ")
        XCTAssertNotNil(tmux.waitFor("full", seconds: 30) { $0.contains("HẾT GHI CHÚ") }, tmux.screen("full"))

        // Another connection checkpoints and empties the log (as any terminal may): the app's next
        // write has to grow it, on a disk with no room left.
        try WardStore.open(path: ward.db).testConnection.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        let filler = try fill(disk)
        try tmux.press("full", "C-s")
        let said = tmux.waitFor("full") { $0.contains(l.t(.errDiskFull, ward.db)) }
        XCTAssertNotNil(said, "no disk-full sentence on screen:\n\(tmux.screen("full"))")
        let screen = tmux.screen("full")
        XCTAssertTrue(screen.contains(l.t(.newEstablishmentTitle)) && screen.contains("HẾT GHI CHÚ"), "the form and what was typed are gone:\n\(screen)")
        XCTAssertFalse(screen.contains(l.t(.establishmentSaved, name)))

        unlink(filler)
        try tmux.press("full", "C-s")
        XCTAssertNotNil(tmux.waitFor("full") { $0.contains(l.t(.establishmentSaved, name)) }, "not saved once there was room:\n\(tmux.screen("full"))")
        try tmux.press("full", "q")
        XCTAssertNotNil(tmux.waitFor("full", seconds: 10) { $0.contains("EXIT=0") }, "the app did not quit cleanly:\n\(tmux.screen("full"))")
        tmux.kill("full")
        let check = try ward.run(["check"])
        XCTAssertEqual(check.status, 0, check.out + check.err)
        let after = try ward.run(["list", "establishments", "--format", "csv"]).out
        let old = Set(before.components(separatedBy: "\r\n")), now = Set(after.components(separatedBy: "\r\n"))
        XCTAssertTrue(old.isSubset(of: now), "rows changed or went missing: \(old.subtracting(now))")
        XCTAssertEqual(now.subtracting(old).count, 1, "exactly the one new establishment")
        XCTAssertTrue(after.contains(name))
        report(String(format: "full disk under the TUI: %.1f s", Date().timeIntervalSince(started)))
    }

    // MARK: Read-only

    /// The commands that write, run against a database that cannot be written.
    func assertWritesRefused(_ ward: Ward, _ how: String, runAs prefix: [String] = []) throws -> [String] {
        let l = try Localizer.load(.vi, resources: ResourceLocator.directory())
        let sentence = l.t(.errDatabaseReadOnly, ward.db)
        let csv = ward.folder.deletingLastPathComponent().appendingPathComponent("ro-\(UUID().uuidString.prefix(6)).csv").path
        try "Tên cơ sở,Loại hình\nKaraoke Chỉ Đọc,Karaoke\n".write(toFile: csv, atomically: true, encoding: .utf8)
        chmod(csv, 0o644)
        defer { unlink(csv) }
        var notes: [String] = []
        // Each of these writes (a report of an ad hoc period is always a new draft).
        for args in [["import", "establishments", csv], ["report", "draft", "--period", "01/01/2026-15/01/2026"], ["type", "set", "xong_hoi", "--vi", "Xông hơi"]] {
            let r = try runProgram(prefix + [ward.bin] + args + ["--db", ward.db], environment: ward.env)
            assertSaidPlainly(r, sentence, "\(how): \(args.prefix(2).joined(separator: " "))")
        }
        // Reading works on a copy that cannot be written.
        for args in [["check"], ["list", "establishments"], ["report", "list"]] {
            let r = try runProgram(prefix + [ward.bin] + args + ["--db", ward.db], environment: ward.env)
            XCTAssertEqual(r.status, 0, "\(how): wardcase \(args.joined(separator: " ")): \(r.err)")
            notes.append("\(how): `wardcase \(args.joined(separator: " "))` → status \(r.status)")
        }
        return notes
    }

    func testAReadOnlyDatabaseIsSaidPlainlyAndLosesNothing() throws {
        let started = Date()
        var tried: [String] = [], skipped: [String] = [], notes: [String] = []

        // 1. A read-only mount.
        if let disk = try? smallDisk(kilobytes: 12 * 1024) {
            let ward = try demoWard(in: disk)
            let before = try ward.snapshot()
            let ro = try runProgram(["mount", "-o", "remount,ro", disk.path], environment: Self.sbin)
            if ro.status == 0 {
                tried.append("read-only mount")
                notes += try assertWritesRefused(ward, "read-only mount")
                XCTAssertEqual(try runProgram(["mount", "-o", "remount,rw", disk.path], environment: Self.sbin).status, 0)
                XCTAssertEqual(try ward.run(["check"]).status, 0)
                XCTAssertEqual(try ward.snapshot(), before, "the data changed on the read-only mount")
            } else {
                skipped.append("read-only mount: \(ro.err)")
            }
        } else {
            skipped.append("read-only mount: cannot mount a tmpfs")
        }

        // 2. An immutable file (what makes a file unwritable even for root).
        let plain = try scratchFolder("immutable")
        cleanups.append { try? FileManager.default.removeItem(at: plain) }
        let ward = try demoWard(in: plain)
        let before = try ward.snapshot()
        let files = ["", "-wal", "-shm"].map { ward.db + $0 }.filter { FileManager.default.fileExists(atPath: $0) }
        let set = try runProgram(["chattr", "+i"] + files, environment: Self.sbin)
        if set.status == 0 {
            cleanups.append { _ = try? runProgram(["chattr", "-i"] + files, environment: Self.sbin) }
            tried.append("immutable file")
            notes += try assertWritesRefused(ward, "immutable file")
            XCTAssertEqual(try runProgram(["chattr", "-i"] + files, environment: Self.sbin).status, 0)
            XCTAssertEqual(try ward.run(["check"]).status, 0)
            XCTAssertEqual(try ward.snapshot(), before, "the data changed while immutable")
        } else {
            skipped.append("immutable file: chattr: \(set.err.trimmingCharacters(in: .whitespacesAndNewlines))")
        }

        // 3. chmod 0444, for an ordinary user (root would write anyway).
        if getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") {
            let shared = try scratchFolder("chmod")
            cleanups.append { try? FileManager.default.removeItem(at: shared) }
            chmod(shared.path, 0o777)
            let userWard = try demoWard(in: shared)
            var userEnv = userWard.env
            userEnv["HOME"] = shared.path
            let asUser = Ward(bin: userWard.bin, db: userWard.db, env: userEnv, folder: shared)
            // The ordinary user has an account (mapped to their system user), as a ward's would.
            let roles = ["admin", "officer", "clerk"].flatMap { ["--role", $0] }
            let add = ([asUser.bin, "user", "add", "thuong", "--name", "nguoi-dung-thuong"] + roles + ["--os-user", "nobody", "--db", asUser.db])
                .map { "'\($0)'" }.joined(separator: " ")
            XCTAssertEqual(try runProgram(["/bin/sh", "-c", "printf 'matkhau123\\n' | " + add], environment: asUser.env).status, 0)
            let before = try asUser.snapshot()
            for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: asUser.db + suffix) {
                chown(asUser.db + suffix, 65534, 65534)
                chmod(asUser.db + suffix, suffix == "" ? 0o444 : 0o644)
            }
            // The binary and its resources must be reachable for nobody too.
            let probe = try runProgram(["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", asUser.bin, "--version"], environment: asUser.env)
            if probe.status == 0 {
                tried.append("chmod 0444 as an ordinary user")
                notes += try assertWritesRefused(asUser, "chmod 0444 as nobody",
                                                 runAs: ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"])
                chmod(asUser.db, 0o644)
                XCTAssertEqual(try asUser.run(["check"]).status, 0)
                XCTAssertEqual(try asUser.snapshot(), before, "the data changed while read-only")
            } else {
                skipped.append("chmod as nobody: the binary does not run as nobody (\(probe.err.prefix(200)))")
            }
        } else {
            skipped.append("chmod as an ordinary user: not root, or no setpriv")
        }

        for n in notes { report("read-only: " + n) }
        for s in skipped { report("read-only: skipped " + s) }
        report("read-only: \(tried.joined(separator: ", ")) in " + String(format: "%.1f s", Date().timeIntervalSince(started)))
        if tried.isEmpty { throw XCTSkip("no way to make the database read-only here: " + skipped.joined(separator: "; ")) }
    }
}
