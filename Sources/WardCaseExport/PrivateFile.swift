import Foundation
import WardCaseCore

/// Files wardcase writes for people (exports, a case with its identity): only their owner may
/// read them. Each is made new beside its target (mode 0600, O_EXCL, never through a symbolic
/// link), written in full and flushed, then renamed into place, so that a half-written file never
/// has the name and an existing one is replaced only when `replace` says so.
public enum PrivateFile {
    public static func exists(_ path: String) -> Bool {
        var s = stat()
        return lstat(path, &s) == 0
    }

    public static func write(_ data: Data, to path: String, replace: Bool) throws {
        if !replace, exists(path) { throw WardError.fileExists(path: path) }
        func failed() -> WardError { WardError.cannotWriteFile(path: path, reason: String(cString: strerror(errno))) }
        let partial = path + ".\(UUID().uuidString).partial"
        let fd = open(partial, O_CREAT | O_EXCL | O_NOFOLLOW | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw failed() }
        var ok = false
        defer { if !ok { unlink(partial) } }
        let written = data.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 { if errno == EINTR { continue }; return false }
                offset += n
            }
            return true
        }
        let flushed = written && fsync(fd) == 0
        close(fd)
        guard flushed else { throw failed() }
        guard rename(partial, path) == 0 else { throw failed() }
        ok = true
    }
}
