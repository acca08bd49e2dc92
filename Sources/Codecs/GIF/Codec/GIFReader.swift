import CGIFShim
import ImageKernel

/// What the records before one image descriptor say, read as Pillow's `GifImageFile._seek` reads them.
struct GIFFrameHeader: Sendable {
    /// Where the frame sits on the canvas and its size.
    var left: Int, top: Int, width: Int, height: Int
    /// Interlaced row order.
    var interlaced: Bool
    /// The local colour table: `nil` when absent; a gray identity table (Pillow's "palette not needed") is `.gray`.
    var localTable: GIFColorTable?
    /// The transparency index of the frame's graphic control extension.
    var transparency: Int?
    /// The frame's duration in milliseconds (`nil` without a graphic control extension).
    var duration: Int?
    /// The disposal method of the graphic control extension when it is not 0 (Pillow keeps the last non-zero one).
    var disposal: Int?
    /// The NETSCAPE2.0 loop count given before this frame.
    var loop: Int?
    /// The local colour table's RGB triples as stored (`nil` when absent), for readers that do not classify it.
    var localRGB: [UInt8]?

    /// Right and bottom edges.
    var right: Int { left + width }
    var bottom: Int { top + height }
}

/// A colour table as Pillow classifies it.
enum GIFColorTable: Sendable, Equatable {
    /// A real palette.
    case palette(GIFPalette)
    /// A table whose entry i is (i, i, i): Pillow reads the frame as gray.
    case gray

    init(_ rgb: [UInt8]) {
        let palette = GIFPalette(rgb: rgb)
        self = palette.isGrayIdentity ? .gray : .palette(palette)
    }

    /// The palette, or `nil` for a gray frame.
    var palette: GIFPalette? {
        if case .palette(let p) = self { return p }
        return nil
    }
}

/// The logical screen: size, the global colour table and the background index.
struct GIFScreen: Sendable {
    var width: Int
    var height: Int
    var globalTable: GIFColorTable?
    /// Pillow's `info["background"]`: the background index, only when there is a global colour table.
    var background: Int?
    /// The global colour table's RGB triples as stored (`nil` when absent).
    var globalRGB: [UInt8]? = nil
}

/// One pass over a GIF file through the shim: the screen, then frame headers and frame data in file order.
///
/// Not `Sendable`: a reader lives inside one decode call, over bytes the caller keeps alive.
final class GIFReader {
    private var handle: OpaquePointer?
    let screen: GIFScreen
    private var record = ImagoGIFRecord()
    private var block = [UInt8](repeating: 0, count: 256)

    /// Opens `data`, which must stay valid (pinned) for the reader's lifetime.
    init(_ data: UnsafeRawBufferPointer) throws(ImageError) {
        var info = ImagoGIFScreen()
        var reader: OpaquePointer?
        let base = data.baseAddress?.assumingMemoryBound(to: UInt8.self)
        let status = imago_gif_open(base, data.count, &info, &reader)
        if status == IMAGO_GIF_TRUNCATED { throw .truncated("GIF header is truncated") }
        try status.check("header")
        handle = reader
        var table: GIFColorTable?
        var rgb: [UInt8]?
        if info.has_global_palette != 0 {
            rgb = Self.bytes(of: info.global_palette, count: 3 * Int(info.global_entries))
            table = GIFColorTable(rgb!)
        }
        screen = GIFScreen(width: Int(info.width), height: Int(info.height), globalTable: table,
                           background: table == nil ? nil : Int(info.background), globalRGB: rgb)
    }

    deinit { imago_gif_close(handle) }

    private static func bytes<T>(of tuple: T, count: Int) -> [UInt8] {
        withUnsafeBytes(of: tuple) { Array($0.prefix(count)) }
    }

    /// Whether the data ended (the last frame read may still be complete).
    var dataEnded: Bool { imago_gif_data_ended(handle) != 0 }

    /// Reads records up to the next image descriptor, as Pillow does: graphic control extensions give transparency,
    /// duration and disposal; NETSCAPE2.0 gives the loop count (only when `readLoop`); comments, other application
    /// extensions, plain text and stray bytes are skipped. Returns `nil` at the trailer or the end of the data.
    func nextFrame(readLoop: Bool) throws(ImageError) -> GIFFrameHeader? {
        var header = GIFFrameHeader(left: 0, top: 0, width: 0, height: 0, interlaced: false)
        while true {
            try imago_gif_next_record(handle, &record).check("record")
            switch Int32(record.kind) {
            case Int32(IMAGO_GIF_RECORD_END.rawValue):
                return nil
            case Int32(IMAGO_GIF_RECORD_EXTENSION.rawValue):
                try readExtension(into: &header, readLoop: readLoop)
            default:
                header.left = Int(record.left)
                header.top = Int(record.top)
                header.width = Int(record.width)
                header.height = Int(record.height)
                header.interlaced = record.interlaced != 0
                if record.has_local_palette != 0 {
                    let rgb = Self.bytes(of: record.local_palette, count: 3 * Int(record.local_entries))
                    header.localTable = GIFColorTable(rgb)
                    header.localRGB = rgb
                }
                return header
            }
        }
    }

    private func readExtension(into header: inout GIFFrameHeader, readLoop: Bool) throws(ImageError) {
        guard record.block_length >= 0 else { return }  // no sub-block: the extension has already ended
        let length = Int(record.block_length)
        let first = Self.bytes(of: record.block, count: length)
        switch record.extension_code {
        case 0xF9 where length > 0:
            let flags = first[0]
            if flags & 1 != 0, length >= 4 { header.transparency = Int(first[3]) }
            if length >= 3 { header.duration = (Int(first[1]) | Int(first[2]) << 8) * 10 }
            let disposal = Int(flags >> 2) & 7
            if disposal != 0 { header.disposal = disposal }
        case 0xFF where readLoop && length > 0:
            if first.starts(with: Array("NETSCAPE2.0".utf8)) {
                let next = try nextBlock()
                if next.count >= 3 && next[0] == 1 { header.loop = Int(next[1]) | Int(next[2]) << 8 }
                if next.isEmpty { return }
            }
        default:
            break
        }
        while try !nextBlock().isEmpty {}
    }

    private func nextBlock() throws(ImageError) -> [UInt8] {
        var length: Int32 = 0
        try block.withUnsafeMutableBufferPointer { buffer throws(ImageError) in
            try imago_gif_extension_next(handle, buffer.baseAddress, &length).check("extension")
        }
        return Array(block.prefix(Int(length)))
    }

    /// Skips the current frame's image data.
    func skipImage() throws(ImageError) {
        try imago_gif_skip_image(handle).check("image data")
    }

    /// Decodes the current frame's indices into `indices` (`stride` bytes a row, at `offset`).
    /// - Returns: the number of rows written in file order, and whether the data was cut short inside the frame
    ///   (only when `allowTruncated`, which leaves the pixels after the last one decoded as they were; otherwise that
    ///   is an error, and `indices` is left partly written).
    func readImage(_ header: GIFFrameHeader, into indices: inout [UInt8], offset: Int, stride: Int,
                   allowTruncated: Bool) throws(ImageError) -> (rows: Int, truncated: Bool) {
        precondition(header.width <= 0 || header.height <= 0
                     || offset + (header.height - 1) * stride + header.width <= indices.count)
        var rows: Int32 = 0
        var ended: Int32 = 0
        let status = indices.withUnsafeMutableBufferPointer { buffer in
            imago_gif_read_image(handle, buffer.baseAddress! + offset, stride, Int32(header.width), Int32(header.height),
                                 header.interlaced ? 1 : 0, allowTruncated ? 1 : 0, &rows, &ended)
        }
        if status == IMAGO_GIF_TRUNCATED || status == IMAGO_GIF_EARLY_END {
            if allowTruncated { return (Int(rows), true) }
        }
        try status.check("image data of a \(header.width)x\(header.height) frame")
        return (Int(rows), false)
    }
}
