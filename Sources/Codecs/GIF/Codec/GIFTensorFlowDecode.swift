import ImageKernel

/// Frame 0 of a GIF as TensorFlow 2.21 returns it from `tf.image.decode_image(contents, channels=3,
/// expand_animations=False)` (its `gif_io.cc` over giflib), which differs from Pillow's first frame:
///
/// - the canvas is the largest frame's width and height (not the logical screen);
/// - when frame 0 does not cover the canvas exactly, the canvas starts black and the frame is painted at its offset,
///   clipped to the canvas;
/// - frame 0's transparent index gives black (there is no previous frame);
/// - colours come from the frame's local colour table, else the global one (none: an error); an index past the table
///   is an error;
/// - always 3 channels (RGB).
///
/// Known difference: giflib's `DGifSlurp`, which TensorFlow calls, fails on a few malformed files that Imago's GIF
/// reader accepts (and the reverse); those give an error on one side only.
public enum GIFTensorFlowDecode {
    /// Decodes frame 0 of `data` into `output` (reshaped to RGB8).
    /// - Parameters:
    ///   - data: The GIF file's bytes.
    ///   - limits: The size limits, checked before allocating.
    ///   - output: The buffer to decode into (its storage is reused when large enough).
    /// - Throws: `ImageError/Kind/corrupt` or `truncated` for data TensorFlow's reader rejects, `limitExceeded` above
    ///   `limits`.
    public static func firstFrame(_ data: [UInt8], limits: Limits, into output: inout ImageBuffer) throws(ImageError) {
        let decoded: (frame: GIFFrameHeader, indices: [UInt8], table: [UInt8], canvas: (width: Int, height: Int))
        do {
        decoded = try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws in
            let reader = try GIFReader(raw)
            guard let first = try reader.nextFrame(readLoop: false) else {
                throw ImageError.corrupt("gif file does not contain any image")
            }
            guard let table = first.localRGB ?? reader.screen.globalRGB else {
                throw ImageError.corrupt("missing color map for frame 0")
            }
            try limits.check(width: first.width, height: first.height, format: .gray8)
            var indices = [UInt8](repeating: 0, count: first.width * first.height)
            if first.width > 0 && first.height > 0 {
                _ = try reader.readImage(first, into: &indices, offset: 0, stride: first.width, allowTruncated: false)
            } else {
                try reader.skipImage()
            }
            var width = first.width, height = first.height
            while let next = try reader.nextFrame(readLoop: false) {
                width = max(width, next.width)
                height = max(height, next.height)
                try reader.skipImage()
            }
            return (first, indices, table, (width, height))
        }
        } catch let error as ImageError {
            throw error
        } catch {
            throw .corrupt("\(error)")
        }
        let (frame, indices, table) = (decoded.frame, decoded.indices, decoded.table)
        let (width, height) = decoded.canvas
        try output.reshape(width: width, height: height, format: .rgb8, limits: limits, zeroed: true)
        let entries = table.count / 3, transparent = frame.transparency ?? -1
        let bottom = min(frame.top + frame.height, height), right = min(frame.left + frame.width, width)
        guard frame.top < bottom, frame.left < right else { return }
        var badIndex: Int?
        let stride = output.rowStride
        output.withUnsafeMutableBytes { out in
            let base = out.baseAddress!.assumingMemoryBound(to: UInt8.self)
            for y in frame.top..<bottom {
                let row = base + y * stride
                let source = (y - frame.top) * frame.width - frame.left
                for x in frame.left..<right {
                    let index = Int(indices[source + x])
                    if index == transparent { continue }  // black: the canvas was zero-filled
                    guard index < entries else {
                        badIndex = index
                        return
                    }
                    row[3 * x] = table[3 * index]
                    row[3 * x + 1] = table[3 * index + 1]
                    row[3 * x + 2] = table[3 * index + 2]
                }
            }
        }
        if let badIndex {
            throw .corrupt("found color index \(badIndex) outside of color map range \(entries)")
        }
    }
}
