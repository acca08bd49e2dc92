import ImageKernel

/// Frame 0 as Pillow 13 holds it after `Image.open(...).load()`.
///
/// - The canvas is the logical screen, grown to hold the frame when the frame reaches past it.
/// - The canvas starts as the transparency index (or index 0), and the frame's indices are written at its offset.
/// - Mode `P` when the frame has a colour table (local, else global) that is not a gray identity table; otherwise `L`,
///   whose values are the indices.
///
/// The codec returns it expanded, in the pixel format whose values Keras's colour-mode rules give from `P`/`L`
/// (keras-semantics §9): `P` becomes `rgb8` (palette lookup; an index past the table is black), or `rgba8` with
/// alpha 0 exactly where the index is the transparency index; `L` becomes `gray8`, or `grayAlpha8` likewise.
struct GIFFirstFrame {
    /// The canvas size.
    var width: Int
    var height: Int
    /// Indices (or gray values), `width` bytes a row.
    var indices: [UInt8]
    /// The palette of mode `P`, `nil` for mode `L`.
    var palette: GIFPalette?
    /// The transparency index.
    var transparency: Int?
    /// Whether the data ended inside the frame (only with `allowTruncated`).
    var truncated: Bool

    /// The pixel format the frame is returned in.
    static func pixelFormat(palette: GIFPalette?, transparency: Int?) -> PixelFormat {
        switch (palette != nil, transparency != nil) {
        case (true, false): .rgb8
        case (true, true): .rgba8
        case (false, false): .gray8
        case (false, true): .grayAlpha8
        }
    }

    /// The canvas size Pillow gives frame 0: the screen, grown to hold the frame.
    static func canvasSize(screen: GIFScreen, frame: GIFFrameHeader) -> (width: Int, height: Int) {
        (max(screen.width, frame.right), max(screen.height, frame.bottom))
    }

    /// Reads frame 0's pixels (the reader stands just after its image descriptor).
    init(reader: GIFReader, header: GIFFrameHeader, options: DecodeOptions) throws(ImageError) {
        let screen = reader.screen
        (width, height) = Self.canvasSize(screen: screen, frame: header)
        let table = header.localTable ?? screen.globalTable
        palette = table?.palette
        transparency = header.transparency
        try options.limits.check(width: width, height: height, format: Self.pixelFormat(palette: palette, transparency: transparency))
        let fill = UInt8(truncatingIfNeeded: transparency ?? 0)
        if header.left == 0 && header.top == 0 && header.width == width && header.height == height
            && !options.allowTruncated {
            // The frame covers the canvas and, without allowTruncated, either writes every row or fails the decode:
            // the canvas fill would be overwritten entirely, so it is not written first.
            let pixels = width * height
            indices = [UInt8](unsafeUninitializedCapacity: pixels) { _, count in count = pixels }
        } else {
            indices = [UInt8](repeating: fill, count: width * height)
        }
        if header.width > 0 && header.height > 0 {
            let offset = header.top * width + header.left
            truncated = try reader.readImage(header, into: &indices, offset: offset, stride: width,
                                             allowTruncated: options.allowTruncated).truncated
        } else {
            try reader.skipImage()
            truncated = false
        }
    }

    /// The expanded pixels (see the type's documentation).
    func image() throws(ImageError) -> ImageBuffer {
        let format = Self.pixelFormat(palette: palette, transparency: transparency)
        var image = try ImageBuffer(width: width, height: height, format: format, zeroed: false)
        let t = transparency ?? -1
        image.withUnsafeMutableBytes { raw in
            // Raw pointers: these loops touch every pixel, and pointer subscripts are not bounds-checked in debug builds.
            guard let out = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
            indices.withUnsafeBufferPointer { buffer in
                guard let idx = buffer.baseAddress else { return }
                let n = buffer.count
                switch format.layout {
                case .gray:
                    out.update(from: idx, count: n)
                case .grayAlpha:
                    for i in 0..<n {
                        out[2 &* i] = idx[i]
                        out[2 &* i &+ 1] = Int(idx[i]) == t ? 0 : 255
                    }
                default:
                    let lut = Self.lookupTable(palette ?? GIFPalette(rgb: []), transparency: t)
                    lut.withUnsafeBufferPointer { table in
                        Self.expand(idx, count: n, through: table.baseAddress!, into: out, channels: format.channelCount)
                    }
                }
            }
        }
        return image
    }

    /// 256 RGBA entries, each one `UInt32` whose memory bytes read R, G, B, A: the palette (black past its end),
    /// alpha 0 at the transparency index.
    static func lookupTable(_ palette: GIFPalette, transparency: Int) -> [UInt32] {
        (0..<256).map { i in
            let (r, g, b) = palette.color(i)
            let a: UInt32 = i == transparency ? 0 : 255
            return (UInt32(r) | UInt32(g) << 8 | UInt32(b) << 16 | a << 24).littleEndian
        }
    }

    /// Writes the RGB (`channels` 3) or RGBA (4) entry of each of the `count` indices into `out`: one 4-byte store a
    /// pixel; for RGB each store's fourth byte is overwritten by the next pixel, and the last pixel is written bytewise.
    static func expand(_ indices: UnsafePointer<UInt8>, count: Int, through lut: UnsafePointer<UInt32>,
                       into out: UnsafeMutablePointer<UInt8>, channels: Int) {
        guard count > 0 else { return }
        let raw = UnsafeMutableRawPointer(out)
        if channels == 4 {
            for i in 0..<count { raw.storeBytes(of: lut[Int(indices[i])], toByteOffset: 4 &* i, as: UInt32.self) }
            return
        }
        let last = count &- 1
        for i in 0..<last { raw.storeBytes(of: lut[Int(indices[i])], toByteOffset: 3 &* i, as: UInt32.self) }
        withUnsafeBytes(of: lut[Int(indices[last])]) { entry in
            for c in 0..<3 { out[3 &* last &+ c] = entry[c] }
        }
    }
}
