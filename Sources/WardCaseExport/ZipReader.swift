import CWardZlib
import Foundation

/// Reads the parts of a ZIP archive (an XLSX workbook) from memory, checking every offset and
/// size against the bytes there are.
///
/// Why not ZIPFoundation, which writes our DOCX and XLSX files: its 0.9.20 reader traps on a
/// header offset past the end of in-memory data and loops forever on a deflate stream cut short
/// (both found by the torture tests on damaged workbooks). A ward's damaged spreadsheet must get a
/// sentence, not a hung or crashed app, so reading is this: the central directory, each part's
/// local header, and zlib's inflate over exactly the part's bytes, with its output capped.
struct ZipReader {
    enum Problem: Error, Equatable {
        /// Not a ZIP archive at all, or its directory is unreadable.
        case notAZip
        /// A part whose bytes are missing, do not inflate or fail their checksum.
        case damaged
        /// A part that would inflate to more than `maxPartSize`.
        case tooLarge
    }

    /// More than any spreadsheet a ward sends; guards against a small file that inflates to gigabytes.
    static let maxPartSize = 256 << 20
    /// The same for all parts together (many parts each under the cap). A part never inflates
    /// past the size its directory entry declares (`read` checks), so the declared sizes are capped.
    static let maxTotalSize = 512 << 20

    struct Part {
        let method: UInt16
        let crc: UInt32
        let compressedSize: Int
        let size: Int
        let localHeader: Int
    }

    let data: Data
    /// Part name → where it is. The first of two parts with one name wins.
    private(set) var parts: [String: Part] = [:]

    init(_ data: Data) throws {
        // Working on a copy that starts at index 0 keeps every offset below plain.
        self.data = Data(data)
        let bytes = self.data
        func u16(_ at: Int) -> Int? { at >= 0 && at + 2 <= bytes.count ? Int(bytes[at]) | Int(bytes[at + 1]) << 8 : nil }
        func u32(_ at: Int) -> Int? {
            guard let lo = u16(at), let hi = u16(at + 2) else { return nil }
            return lo | hi << 16
        }
        // The end-of-central-directory record: 22 bytes plus a comment of up to 65,535.
        var end: Int?
        var at = bytes.count - 22
        while at >= max(0, bytes.count - 22 - 65_535) {
            if u32(at) == 0x0605_4B50 { end = at; break }
            at -= 1
        }
        guard let end, let count = u16(end + 10), let dirSize = u32(end + 12), let dirStart = u32(end + 16),
              dirStart + dirSize <= end else { throw Problem.notAZip }
        var p = dirStart
        for _ in 0..<count {
            guard u32(p) == 0x0201_4B50, let method = u16(p + 10), let crc = u32(p + 16), let compressed = u32(p + 20),
                  let size = u32(p + 24), let nameLength = u16(p + 28), let extraLength = u16(p + 30),
                  let commentLength = u16(p + 32), let local = u32(p + 42), p + 46 + nameLength <= bytes.count else {
                throw Problem.notAZip
            }
            let name = String(decoding: bytes[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self)
            if parts[name] == nil {
                parts[name] = Part(method: UInt16(method), crc: UInt32(crc), compressedSize: compressed, size: size, localHeader: local)
            }
            p += 46 + nameLength + extraLength + commentLength
        }
        guard parts.values.reduce(0, { $0 + $1.size }) <= Self.maxTotalSize else { throw Problem.tooLarge }
    }

    /// The bytes of one part, or nil when the archive has no such part.
    func read(_ name: String) throws -> Data? {
        guard let part = parts[name] else { return nil }
        let h = part.localHeader
        guard h >= 0, h + 30 <= data.count, data[h] == 0x50, data[h + 1] == 0x4B, data[h + 2] == 0x03, data[h + 3] == 0x04 else {
            throw Problem.damaged
        }
        let start = h + 30 + (Int(data[h + 26]) | Int(data[h + 27]) << 8) + (Int(data[h + 28]) | Int(data[h + 29]) << 8)
        guard start + part.compressedSize <= data.count else { throw Problem.damaged }
        guard part.size <= Self.maxPartSize else { throw Problem.tooLarge }
        let raw = data[start..<(start + part.compressedSize)]
        let out: Data
        switch part.method {
        case 0: out = Data(raw)
        case 8: out = try Self.inflate(raw, size: part.size)
        default: throw Problem.damaged
        }
        guard out.count == part.size, Self.crc32(out) == part.crc else { throw Problem.damaged }
        return out
    }

    /// A raw deflate stream that must end within its bytes and inflate to exactly `size` bytes.
    static func inflate(_ input: Data, size: Int) throws -> Data {
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { throw Problem.damaged }
        defer { inflateEnd(&stream) }
        // One byte more than promised, so that a stream running on past its size is seen.
        var out = Data(count: size + 1)
        var input = Data(input)
        let status: Int32 = input.withUnsafeMutableBytes { (inBuf: UnsafeMutableRawBufferPointer) in
            out.withUnsafeMutableBytes { (outBuf: UnsafeMutableRawBufferPointer) in
                stream.next_in = inBuf.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.avail_in = uInt(inBuf.count)
                stream.next_out = outBuf.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(outBuf.count)
                // All the input and all the room there is: one call either ends the stream or cannot.
                return CWardZlib.inflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END, Int(stream.total_out) == size else { throw Problem.damaged }
        out.count = size
        return out
    }

    static func crc32(_ data: Data) -> UInt32 {
        data.withUnsafeBytes { buf in
            UInt32(CWardZlib.crc32(0, buf.baseAddress?.assumingMemoryBound(to: Bytef.self), uInt(buf.count)))
        }
    }
}
