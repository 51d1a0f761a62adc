import CWardZlib
import Foundation
import WardCaseCore

/// Raw deflate (as a ZIP part holds it) through zlib, with the CRC-32 and the sizes of what went in.
/// A part can be made of pieces deflated apart and laid end to end: each piece but the last ends on
/// a sync flush (a byte boundary, no final block), which is what lets a sheet's rows be compressed
/// as they come, before the XML that goes around them is known.
final class Deflater {
    private var stream = z_stream()
    private(set) var crc: UInt32 = 0
    private(set) var size = 0

    init(level: Int32) throws {
        guard deflateInit2_(&stream, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                            Int32(MemoryLayout<z_stream>.size)) == Z_OK else { throw SpreadsheetError.cannotWrite("zlib") }
    }

    deinit { deflateEnd(&stream) }

    /// Deflates `bytes`, handing the output on in pieces of up to 64 KB. `flush`: Z_NO_FLUSH while
    /// more comes, Z_SYNC_FLUSH to end a piece that others follow, Z_FINISH to end the part.
    func deflate(_ bytes: UnsafeRawBufferPointer, flush: Int32, _ out: (UnsafeRawBufferPointer) throws -> Void) throws {
        if let base = bytes.baseAddress, bytes.count > 0 {
            crc = UInt32(crc32(uLong(crc), base.assumingMemoryBound(to: Bytef.self), uInt(bytes.count)))
            size += bytes.count
        }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        stream.next_in = UnsafeMutablePointer(mutating: bytes.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(bytes.count)
        while true {
            let (status, produced): (Int32, Int) = buffer.withUnsafeMutableBytes { room in
                stream.next_out = room.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(room.count)
                let status = CWardZlib.deflate(&stream, flush)
                return (status, room.count - Int(stream.avail_out))
            }
            guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else { throw SpreadsheetError.cannotWrite("zlib") }
            if produced > 0 { try buffer.withUnsafeBytes { try out(UnsafeRawBufferPointer(rebasing: $0[0..<produced])) } }
            // Done when zlib had room left over: all the input is in and, for a flush, all of it out.
            if stream.avail_out > 0 && stream.avail_in == 0 { break }
        }
    }

    /// `bytes` deflated whole into memory.
    func deflate(_ bytes: [UInt8], flush: Int32) throws -> [UInt8] {
        var out: [UInt8] = []
        try bytes.withUnsafeBytes { try deflate($0, flush: flush) { out.append(contentsOf: $0) } }
        return out
    }
}

/// A ZIP archive written part by part into a `ByteSink`, every part deflated. Sizes and checksums
/// are known before each part is written, so each local header carries them. No Zip64: a part or
/// an archive past 4 GB is refused in words (a workbook's sheet holds at most 1,048,576 rows).
final class ZipWriter {
    /// A piece of a part: bytes to deflate here, or bytes deflated already (a sheet's rows).
    enum Piece {
        case bytes([UInt8])
        case deflated(DeflatedFile)
    }

    private let sink: ByteSink
    private var offset = 0
    private var directory: [UInt8] = []
    private var count = 0
    /// The most a size or an offset can be without Zip64 (smaller in a test).
    private let limit: Int
    static let level: Int32 = 1

    init(into sink: ByteSink, limit: Int = 0xFFFF_FFFF) { self.sink = sink; self.limit = limit }

    /// One part, its pieces deflated in order and laid end to end.
    func add(_ name: String, _ pieces: [Piece]) throws {
        // What goes into the file: bytes deflated here, or a piece deflated before.
        enum Deflated { case bytes([UInt8]), file(DeflatedFile) }
        var parts: [Deflated] = [], crc: UInt32 = 0, size = 0, compressed = 0
        func tally(crc pieceCRC: UInt32, size pieceSize: Int, compressed pieceCompressed: Int) {
            crc = UInt32(crc32_combine(uLong(crc), uLong(pieceCRC), off_t(pieceSize)))
            size += pieceSize; compressed += pieceCompressed
        }
        func deflate(_ bytes: [UInt8], last: Bool) throws {
            let deflater = try Deflater(level: Self.level)
            let out = try deflater.deflate(bytes, flush: last ? Z_FINISH : Z_SYNC_FLUSH)
            tally(crc: deflater.crc, size: deflater.size, compressed: out.count)
            parts.append(.bytes(out))
        }
        for (i, piece) in pieces.enumerated() {
            let last = i == pieces.count - 1
            switch piece {
            case .bytes(let bytes): try deflate(bytes, last: last)
            case .deflated(let file):
                tally(crc: file.crc, size: file.size, compressed: file.compressedSize)
                parts.append(.file(file))
                // Deflated pieces end on a sync flush: the part still needs its final block.
                if last { try deflate([], last: true) }
            }
        }
        let nameBytes = Array(name.utf8)
        guard size < limit, compressed < limit, offset < limit else {
            throw WardError.workbookTooLarge(path: sink.name)
        }
        // The fixed fields both headers share: version needed, flags (bit 11: UTF-8 names),
        // method 8, a time of 1980-01-01 00:00, CRC-32, sizes, the name's length, no extra field.
        var common: [UInt8] = []
        common.le(20, 2); common.le(0x0800, 2); common.le(8, 2); common.le(0, 2); common.le(0x21, 2)
        common.le(Int(crc), 4); common.le(compressed, 4); common.le(size, 4); common.le(nameBytes.count, 2); common.le(0, 2)
        var local: [UInt8] = []
        local.le(0x0403_4B50, 4); local += common; local += nameBytes
        try sink.append { $0 += local }
        for part in parts {
            switch part {
            case .bytes(let bytes): try sink.append { $0 += bytes }
            case .file(let file): try file.copy(to: sink)
            }
        }
        directory.le(0x0201_4B50, 4); directory.le(20, 2); directory += common
        directory.le(0, 2); directory.le(0, 2); directory.le(0, 2); directory.le(0, 4); directory.le(offset, 4)
        directory += nameBytes
        offset += local.count + compressed
        count += 1
    }

    /// The central directory and its end record.
    func finish() throws {
        guard offset + directory.count < limit, count < 0xFFFF else {
            throw WardError.workbookTooLarge(path: sink.name)
        }
        var end: [UInt8] = []
        end.le(0x0605_4B50, 4); end.le(0, 2); end.le(0, 2); end.le(count, 2); end.le(count, 2)
        end.le(directory.count, 4); end.le(offset, 4); end.le(0, 2)
        try sink.append { $0 += directory + end }
        try sink.flush()
    }
}

/// Bytes made and deflated on a thread of their own, as they come, into an unnamed temporary
/// file (gone when closed, never on disk under a name): a sheet's rows are made into XML and
/// compressed on the second core while the first reads them. At most four pieces wait: the
/// memory stays flat.
final class DeflatedFile: @unchecked Sendable {
    // Touched only on `queue`, and read after `finish` has waited for it.
    private let deflater: Deflater
    private let file: UnsafeMutablePointer<FILE>
    private var failed = false
    private(set) var compressedSize = 0
    var crc: UInt32 { deflater.crc }
    var size: Int { deflater.size }
    private let queue = DispatchQueue(label: "wardcase.deflate")
    private let room = DispatchSemaphore(value: 4)

    init() throws {
        guard let file = tmpfile() else { throw SpreadsheetError.cannotWrite("tmpfile") }
        self.file = file
        deflater = try Deflater(level: ZipWriter.level)
    }

    // Each piece waiting holds this object: it goes only once the thread is done with it.
    deinit { fclose(file) }

    /// Has the deflating thread make bytes and compress them; waits while four pieces are
    /// waiting already.
    func write(_ make: @escaping @Sendable () -> [UInt8]) {
        room.wait()
        queue.async { [self] in
            defer { room.signal() }
            compress(make(), flush: Z_NO_FLUSH)
        }
    }

    /// Everything deflated and written, ending on a sync flush.
    func finish() throws {
        try queue.sync {
            compress([], flush: Z_SYNC_FLUSH)
            if failed || fflush(file) != 0 { throw SpreadsheetError.cannotWrite("tmpfile") }
        }
    }

    private func compress(_ bytes: [UInt8], flush: Int32) {
        guard !failed else { return }
        do {
            try bytes.withUnsafeBytes { input in
                try deflater.deflate(input, flush: flush) { out in
                    guard fwrite(out.baseAddress, 1, out.count, file) == out.count else { throw SpreadsheetError.cannotWrite("tmpfile") }
                    compressedSize += out.count
                }
            }
        } catch { failed = true }
    }

    /// The deflated bytes, from the start, into `sink`.
    func copy(to sink: ByteSink) throws {
        rewind(file)
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var left = compressedSize
        try sink.flush()
        while left > 0 {
            let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, min($0.count, left), file) }
            guard n > 0 else { throw SpreadsheetError.cannotWrite("tmpfile") }
            try buffer.withUnsafeBytes { try sink.emit(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            left -= n
        }
    }
}

extension [UInt8] {
    /// `value` as `bytes` little-endian bytes, as ZIP headers hold numbers.
    mutating func le(_ value: Int, _ bytes: Int) {
        for i in 0..<bytes { append(UInt8(truncatingIfNeeded: value >> (8 * i))) }
    }
}
