import Foundation
import XCTest

/// The idle lock through the installed binary, told as the attacks that used to pass it: a
/// colleague walks up to a terminal left open and tries to get past the lock without the password.
final class LockEndToEndTests: XCTestCase {
    private let locked = "Màn hình đã khóa"

    /// The demo ward with a 10-second idle lock, open in tmux and signed in as the every-role demo account.
    private func lockingDemo() throws -> TmuxSession {
        let bin = try wardcaseBinary()
        let t = try TmuxSession()
        let db = t.home.appendingPathComponent("ward.sqlite").path
        let passwordFile = t.home.appendingPathComponent("demo.pass").path
        XCTAssertTrue(FileManager.default.createFile(atPath: passwordFile, contents: Data("demo2026\n".utf8),
                                                     attributes: [.posixPermissions: 0o600]))
        let env = ["PATH": "/usr/bin:/bin", "HOME": t.home.path, "WARDCASE_PASSWORD_FILE": passwordFile]
        XCTAssertEqual(try runProgram([bin, "demo", "--db", db], environment: env).status, 0)
        let set = try runProgram([bin, "setting", "idle-lock-seconds", "10", "--db", db, "--user", "demo"], environment: env)
        XCTAssertEqual(set.status, 0, set.err)
        try t.start([bin, "--db", db])
        let first = t.waitFor("the app") { $0.contains("demo · wardcase") || $0.contains("Đăng nhập") }
        if !first.contains("demo · wardcase") {
            try t.type("demo")
            try t.press("Tab")
            try t.type("demo2026")
            try t.press("Enter")
            t.waitFor(text: "demo · wardcase")
        }
        return t
    }

    /// Waits a moment for keys to be handled, then reads the screen.
    private func settled(_ t: TmuxSession) -> String {
        Thread.sleep(forTimeInterval: 0.8)
        return t.screen
    }

    func testTheDiscardDialogLeftOpenDoesNotPassTheLock() throws {
        let t = try lockingDemo()
        // An officer starts a new establishment, types its name, presses Esc: "discard changes?".
        try t.press("1", "n")
        t.waitFor(text: "Thêm cơ sở")
        try t.type("Karaoke Bi Mat")
        try t.press("Escape")
        t.waitFor(text: "Bỏ thay đổi")
        // They walk away; ten seconds later the screen locks.
        let lockedScreen = t.waitFor("the idle lock", seconds: 25) { $0.contains(self.locked) }
        XCTAssertFalse(lockedScreen.contains("Karaoke Bi Mat"), "the record behind the lock is not visible:\n\(lockedScreen)")
        XCTAssertFalse(lockedScreen.contains("Bỏ thay đổi"), "locking clears the dialog:\n\(lockedScreen)")
        // The colleague presses Left and Enter, which used to choose the dialog's "Discard" and pop the lock.
        try t.press("Left", "Enter")
        var screen = settled(t)
        XCTAssertTrue(screen.contains(locked), "Left, Enter must not pass the lock:\n\(screen)")
        XCTAssertFalse(screen.contains("Karaoke Bi Mat"), screen)
        try t.press("Escape")
        screen = settled(t)
        XCTAssertTrue(screen.contains(locked), "nor Esc:\n\(screen)")
        // The officer comes back: the right password, and the form is as it was left.
        try t.type("demo2026")
        try t.press("Enter")
        t.waitFor(text: "Karaoke Bi Mat")
        XCTAssertFalse(t.screen.contains(locked))
    }

    func testThePaletteLeftOpenDoesNotPassTheLock() throws {
        let t = try lockingDemo()
        // The command palette is left open on "switch user", whose Esc used to go back to the session.
        try t.press(":")
        try t.type("doi nguoi")
        t.waitFor(text: "Đổi người")
        t.waitFor("the idle lock", seconds: 25) { $0.contains(self.locked) }
        try t.press("Enter")
        try t.press("Escape")
        let screen = settled(t)
        XCTAssertTrue(screen.contains(locked), "the palette is gone with the lock:\n\(screen)")
        XCTAssertFalse(screen.contains("Chọn tài khoản mẫu"), screen)
        try t.type("demo2026")
        try t.press("Enter")
        let back = t.waitFor("the session") { !$0.contains(self.locked) && $0.contains("demo · wardcase") }
        XCTAssertFalse(back.contains("doi nguoi"), "the palette does not come back:\n\(back)")
    }
}
