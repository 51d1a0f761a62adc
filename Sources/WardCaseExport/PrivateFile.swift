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
        try stream(to: path, replace: replace) { file in try file.write(data) }
    }

    /// A file written bit by bit through `body` (an export of a million rows), under a partial
    /// name beside its target, and renamed into place only when `body` returns: a cancelled or
    /// failed export leaves nothing behind. `body` may also hand `partialPath` to a library that
    /// writes the file itself (libxlsxwriter), the file then being closed first.
    public static func stream<T>(to path: String, replace: Bool, _ body: (Partial) throws -> T) throws -> T {
        if !replace, exists(path) { throw WardError.fileExists(path: path) }
        let partial = path + ".\(UUID().uuidString).partial"
        let fd = open(partial, O_CREAT | O_EXCL | O_NOFOLLOW | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw WardError.cannotWriteFile(path: path, reason: String(cString: strerror(errno))) }
        let file = Partial(fd: fd, path: path, partialPath: partial)
        var ok = false
        defer {
            file.closeDescriptor()
            if !ok { unlink(partial) }
        }
        let result = try body(file)
        try file.flush()
        // A file a library wrote by its name is opened again to be flushed to disk like the rest.
        if file.fd < 0 { file.fd = open(partial, O_RDONLY | O_NOFOLLOW | O_CLOEXEC) }
        guard file.fd >= 0, fsync(file.fd) == 0 else { throw file.failed() }
        file.closeDescriptor()
        guard rename(partial, path) == 0 else { throw file.failed() }
        ok = true
        return result
    }

    /// The file being written: bytes go through a 64 KB buffer.
    public final class Partial: ByteSink {
        public let path: String
        public let partialPath: String

        init(fd: Int32, path: String, partialPath: String) {
            self.path = path; self.partialPath = partialPath
            super.init(fd: fd, name: path)
        }

        /// Closes the descriptor so that a library can write the file by its name.
        public func handOver() throws -> String {
            try flush()
            closeDescriptor()
            return partialPath
        }

        func closeDescriptor() {
            if fd >= 0 { close(fd); fd = -1 }
        }
    }
}

/// Bytes written to a file descriptor (a file, standard output) through a 64 KB buffer.
public class ByteSink {
    public internal(set) var fd: Int32
    let name: String
    private var buffer: [UInt8] = []

    public init(fd: Int32, name: String) {
        self.fd = fd; self.name = name
        buffer.reserveCapacity(1 << 16)
    }

    /// Standard output, for lists printed by the shell.
    public static func standardOutput() -> ByteSink { ByteSink(fd: STDOUT_FILENO, name: "-") }

    public func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { try flush() }
    }

    /// Bytes appended straight into the buffer (a CSV row).
    func append(_ body: (inout [UInt8]) -> Void) throws {
        body(&buffer)
        if buffer.count >= 1 << 16 { try flush() }
    }

    public func write(_ data: Data) throws {
        try flush()
        buffer.append(contentsOf: data)
        try flush()
    }

    public func flush() throws {
        guard !buffer.isEmpty else { return }
        defer { buffer.removeAll(keepingCapacity: true) }
        try buffer.withUnsafeBytes { try emit($0) }
    }

    /// Where the buffered bytes go: the descriptor, unless a subclass keeps them elsewhere.
    func emit(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let n = Foundation.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 { if errno == EINTR { continue }; throw failed() }
            offset += n
        }
    }

    func failed() -> WardError { WardError.cannotWriteFile(path: name, reason: String(cString: strerror(errno))) }
}
