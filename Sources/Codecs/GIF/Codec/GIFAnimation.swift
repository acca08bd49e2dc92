import ImageKernel

/// Every frame composited as Pillow 13's `GifImageFile` composites them (`LOADING_STRATEGY = RGB_AFTER_FIRST`),
/// a port of its `_seek`, `load_prepare` and `load_end`:
///
/// - Frame 0 is `P` or `L` (see ``GIFFirstFrame``). At frame 1 a `P` canvas becomes `RGBA` when frame 0 had a
///   transparency index, `RGB` otherwise; an `L` canvas stays `L` and later frames are drawn into it, skipping their
///   transparent index.
/// - On an `RGB`/`RGBA` canvas a frame is pasted through its own colour table, its transparent index left out.
/// - Disposal is applied when the next frame is read, inside the previous frame's rectangle: 2 fills with the
///   transparency index (as a colour with alpha 0 on an `RGB`/`RGBA` canvas) or else the background index; 3 (and
///   4-7) restores what was there before the frame. A disposal of 0 keeps the previous non-zero method, as in Pillow.
/// - A frame reaching past the canvas grows it (the new area is transparent black, or the frame table's colour 0).
///
/// Pillow stores `RGB` pixels in four bytes; the fourth (padding) byte is kept here too because Pillow's pastes copy
/// it, and it becomes alpha when an `RGB` canvas grows into `RGBA`.
struct GIFAnimation {
    private enum Mode { case p, l, rgb, rgba }

    /// A pending disposal: what is pasted into the previous frame's rectangle before the next frame is read.
    private enum Disposal {
        /// An index fill (on a `P`/`L` canvas).
        case index(UInt8)
        /// A four-byte fill (on an `RGB`/`RGBA` canvas).
        case color(UInt8, UInt8, UInt8, UInt8)
        /// Saved pixels of the rectangle, `bytesPerPixel` per pixel.
        case saved([UInt8])
    }

    private var mode: Mode = .p
    private var width: Int
    private var height: Int
    /// One byte per pixel while the mode is `P`/`L`, four bytes per pixel after.
    private var canvas: [UInt8] = []
    private var firstPalette: GIFPalette?
    private var firstTransparency: Int?
    private var disposalMethod = 0
    private var pending: (disposal: Disposal, x0: Int, y0: Int, x1: Int, y1: Int)?
    private let screen: GIFScreen
    private let options: DecodeOptions
    private var totalBytes = 0

    /// Every frame of the file.
    static func decodeAll(_ reader: GIFReader, options: DecodeOptions, loop: inout Int?) throws(ImageError) -> [(ImageBuffer, GIFFrameHeader)] {
        var animation = GIFAnimation(screen: reader.screen, options: options)
        var frames: [(ImageBuffer, GIFFrameHeader)] = []
        while true {
            let header: GIFFrameHeader?
            do throws(ImageError) {
                header = try reader.nextFrame(readLoop: frames.isEmpty)
            } catch where !frames.isEmpty && error.kind == .truncated {
                header = nil  // Pillow: "no more images in GIF file"
            }
            guard let header else { break }
            if frames.isEmpty { loop = header.loop }
            try options.limits.check(frameCount: frames.count + 1)
            let image = try animation.add(header, reader: reader, index: frames.count)
            frames.append((image, header))
            if reader.dataEnded { break }
        }
        guard !frames.isEmpty else { throw .corrupt("image not found in GIF file") }
        return frames
    }

    private init(screen: GIFScreen, options: DecodeOptions) {
        self.screen = screen
        self.options = options
        width = screen.width
        height = screen.height
    }

    private var bytesPerPixel: Int { mode == .p || mode == .l ? 1 : 4 }

    private mutating func add(_ header: GIFFrameHeader, reader: GIFReader, index: Int) throws(ImageError) -> ImageBuffer {
        // _seek: the canvas grows to hold the frame.
        let previousSize = (width, height)
        let newWidth = max(width, header.right), newHeight = max(height, header.bottom)
        try options.limits.check(width: newWidth, height: newHeight, format: .rgba8)
        if let pending { paste(pending.disposal, pending.x0, pending.y0, pending.x1, pending.y1) }
        pending = nil
        let table = header.localTable ?? screen.globalTable
        let palette = table?.palette
        if index == 0 {
            disposalMethod = 0
            mode = palette != nil ? .p : .l
        } else if mode == .p {
            convertFirstFrame()
        } else if mode == .l && palette != nil {
            throw .unsupported("a GIF whose first frame has no colour table and a later frame has one is not supported for decodeFrames")
        }
        if let d = header.disposal { disposalMethod = d }
        width = newWidth
        height = newHeight
        // The disposal this frame asks for, applied when the next frame is read.
        let extent = (header.left, header.top, header.right, header.bottom)
        let transparency = header.transparency
        func rgb(_ c: Int) -> (UInt8, UInt8, UInt8) {
            if let palette { return palette.disposalColor(c) }
            let v = UInt8(truncatingIfNeeded: c)
            return (v, v, v)
        }
        if disposalMethod == 2 {
            // `self.info.get("transparency", frame_transparency)`: frame 0's index stays in `info` on an L canvas.
            let infoTransparency = mode == .l && index > 0 ? firstTransparency : nil
            if let color = infoTransparency ?? transparency {
                if mode == .rgb || mode == .rgba {
                    let (r, g, b) = rgb(color)
                    pending = (.color(r, g, b, 0), extent.0, extent.1, extent.2, extent.3)
                } else {
                    pending = (.index(UInt8(truncatingIfNeeded: color)), extent.0, extent.1, extent.2, extent.3)
                }
            } else {
                let color = screen.background ?? 0
                if mode == .rgb || mode == .rgba {
                    let (r, g, b) = rgb(color)
                    pending = (.color(r, g, b, 255), extent.0, extent.1, extent.2, extent.3)
                } else {
                    pending = (.index(UInt8(truncatingIfNeeded: color)), extent.0, extent.1, extent.2, extent.3)
                }
            }
        } else if disposalMethod >= 3 {
            if index > 0 {
                pending = (.saved(crop(extent, canvasSize: previousSize)), extent.0, extent.1, extent.2, extent.3)
            } else if let transparency {
                pending = (.index(UInt8(truncatingIfNeeded: transparency)), extent.0, extent.1, extent.2, extent.3)
            }
        }

        if index == 0 {
            let first = try GIFFirstFrame(reader: reader, header: header, options: options)
            firstPalette = first.palette
            firstTransparency = first.transparency
            width = first.width
            height = first.height
            canvas = first.indices
            return try account(first.image())
        }
        // Frames after the first: the frame's own indices, then pasted.
        var indices = [UInt8](repeating: UInt8(truncatingIfNeeded: palette != nil ? (transparency ?? 0) : 0),
                              count: max(0, header.width) * max(0, header.height))
        if header.width > 0 && header.height > 0 {
            _ = try reader.readImage(header, into: &indices, offset: 0, stride: header.width, allowTruncated: options.allowTruncated)
        } else {
            try reader.skipImage()
        }
        if (width, height) != previousSize { grow(from: previousSize, transparent: transparency != nil, palette: palette) }
        if mode == .l {
            drawGray(indices, header)
            return try account(ImageBuffer(width: width, height: height, format: .gray8, bytes: canvas))
        }
        pasteFrame(indices, header, palette: palette, transparency: transparency)
        return try account(output())
    }

    private mutating func account(_ image: ImageBuffer) throws(ImageError) -> ImageBuffer {
        totalBytes += image.byteCount
        if totalBytes > options.limits.maxTotalBytes {
            throw .limitExceeded("decoded GIF frames in bytes", value: totalBytes, maximum: options.limits.maxTotalBytes)
        }
        return image
    }

    /// Pillow converts the `P` canvas at frame 1: to `RGBA` through frame 0's palette with alpha 0 at its transparency
    /// index, or to `RGB` (padding byte 255).
    private mutating func convertFirstFrame() {
        let lut = GIFFirstFrame.lookupTable(firstPalette ?? GIFPalette(rgb: []), transparency: firstTransparency ?? -1)
        var converted = [UInt8](repeating: 0, count: canvas.count * 4)
        converted.withUnsafeMutableBufferPointer { out in
            canvas.withUnsafeBufferPointer { idx in
                lut.withUnsafeBufferPointer { table in
                    guard let o = out.baseAddress, let s = idx.baseAddress, let t = table.baseAddress else { return }
                    GIFFirstFrame.expand(s, count: idx.count, through: t, into: o, channels: 4)
                }
            }
        }
        canvas = converted
        mode = firstTransparency != nil ? .rgba : .rgb
    }

    /// Pastes a pending disposal into its rectangle (clipped to the canvas, as Pillow's paste clips).
    private mutating func paste(_ disposal: Disposal, _ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int) {
        let bpp = bytesPerPixel
        let w = x1 - x0
        guard w > 0, y1 > y0 else { return }
        for y in max(0, y0)..<min(height, y1) {
            for x in max(0, x0)..<min(width, x1) {
                let dst = (y * width + x) * bpp
                switch disposal {
                case .index(let v):
                    canvas[dst] = v
                case .color(let r, let g, let b, let a):
                    canvas[dst] = r; canvas[dst + 1] = g; canvas[dst + 2] = b; canvas[dst + 3] = a
                case .saved(let saved):
                    let src = ((y - y0) * w + (x - x0)) * bpp
                    for c in 0..<bpp { canvas[dst + c] = saved[src + c] }
                }
            }
        }
    }

    /// The canvas inside `extent`, zeros where the extent lies outside the canvas (Pillow's crop).
    private func crop(_ extent: (Int, Int, Int, Int), canvasSize: (Int, Int)) -> [UInt8] {
        let bpp = bytesPerPixel
        let (x0, y0, x1, y1) = extent
        let w = max(0, x1 - x0), h = max(0, y1 - y0)
        var out = [UInt8](repeating: 0, count: w * h * bpp)
        let (cw, ch) = canvasSize
        for y in max(0, y0)..<max(max(0, y0), min(ch, y1)) {
            for x in max(0, x0)..<max(max(0, x0), min(cw, x1)) {
                let src = (y * cw + x) * bpp, dst = ((y - y0) * w + (x - x0)) * bpp
                for c in 0..<bpp { out[dst + c] = canvas[src + c] }
            }
        }
        return out
    }

    /// Grows the canvas: `RGBA` transparent black when the frame has a transparency index, else `RGB` filled with
    /// colour 0 of the frame's table; `L` grows with zeros. The old canvas keeps its place at (0, 0).
    private mutating func grow(from old: (Int, Int), transparent: Bool, palette: GIFPalette?) {
        let bpp = bytesPerPixel
        var fill: [UInt8]
        if mode == .l {
            fill = [0]
        } else if transparent {
            fill = [0, 0, 0, 0]
            mode = .rgba
        } else {
            let (r, g, b) = (palette ?? GIFPalette(rgb: [])).color(0)
            fill = [r, g, b, 255]
            mode = .rgb
        }
        var grown = [UInt8](repeating: 0, count: width * height * bpp)
        let (w, h) = (width, height)
        grown.withUnsafeMutableBufferPointer { out in
            canvas.withUnsafeBufferPointer { previous in
                guard let o = out.baseAddress else { return }
                for i in 0..<(w * h) { for c in 0..<bpp { o[i &* bpp &+ c] = fill[c] } }
                guard let p = previous.baseAddress else { return }
                for y in 0..<old.1 { (o + y * w * bpp).update(from: p + y * old.0 * bpp, count: old.0 * bpp) }
            }
        }
        canvas = grown
    }

    /// Draws a gray (no colour table) frame into the `L` canvas, leaving out the frame's transparency index.
    private mutating func drawGray(_ indices: [UInt8], _ header: GIFFrameHeader) {
        let t = header.transparency ?? -1
        for y in 0..<max(0, header.height) {
            for x in 0..<max(0, header.width) {
                let v = indices[y * header.width + x]
                if Int(v) != t { canvas[(header.top + y) * width + header.left + x] = v }
            }
        }
    }

    /// Pastes a frame onto the `RGB`/`RGBA` canvas through its table (gray values without one); pixels at the
    /// transparency index are left out. Every pasted pixel gets alpha (or padding) 255.
    private mutating func pasteFrame(_ indices: [UInt8], _ header: GIFFrameHeader, palette: GIFPalette?, transparency: Int?) {
        let t = transparency ?? -1
        var lut = [UInt8](repeating: 255, count: 1024)
        for i in 0..<256 {
            let (r, g, b) = palette?.color(i) ?? (UInt8(i), UInt8(i), UInt8(i))
            lut[4 * i] = r; lut[4 * i + 1] = g; lut[4 * i + 2] = b
        }
        let w = width
        canvas.withUnsafeMutableBufferPointer { out in
            indices.withUnsafeBufferPointer { idx in
                guard let o = out.baseAddress, let s = idx.baseAddress else { return }
                for y in 0..<max(0, header.height) {
                    let row = s + y * header.width
                    let dstRow = o + ((header.top + y) * w + header.left) * 4
                    for x in 0..<max(0, header.width) {
                        let v = Int(row[x])
                        if v == t { continue }
                        let d = 4 &* x, e = 4 &* v
                        dstRow[d] = lut[e]; dstRow[d &+ 1] = lut[e &+ 1]; dstRow[d &+ 2] = lut[e &+ 2]; dstRow[d &+ 3] = 255
                    }
                }
            }
        }
    }

    /// The canvas as `rgb8` or `rgba8`.
    private func output() throws(ImageError) -> ImageBuffer {
        let channels = mode == .rgba ? 4 : 3
        var image = try ImageBuffer(width: width, height: height, format: channels == 4 ? .rgba8 : .rgb8, zeroed: false)
        let n = width * height
        image.withUnsafeMutableBytes { raw in
            canvas.withUnsafeBufferPointer { source in
                guard let out = raw.baseAddress?.assumingMemoryBound(to: UInt8.self), let s = source.baseAddress else { return }
                for i in 0..<n { for c in 0..<channels { out[i &* channels &+ c] = s[4 &* i &+ c] } }
            }
        }
        return image
    }
}
