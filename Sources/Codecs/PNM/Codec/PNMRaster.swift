import ImageKernel

/// Reads a PNM raster into a buffer already shaped for its header.
///
/// Every reader fills rows top to bottom. When the data ends early it throws `truncated`, unless
/// `allowTruncated` is set, in which case the missing samples are zero.
enum PNMRaster {
    /// The fewest raster bytes a complete image can have: exact for binary rasters, a lower bound for ASCII
    /// (one character per bitmap pixel, a digit and a separator per sample). Used to refuse a short file
    /// before allocating its pixels.
    static func minimumByteCount(_ header: PNMHeader) throws(ImageError) -> Int {
        let pixels = try ByteCount.multiply(header.width, header.height)
        switch header.encoding {
        case .asciiBits:
            return pixels
        case .packedBits:
            return try ByteCount.multiply((header.width + 7) / 8, header.height)
        case .asciiSamples:
            return try ByteCount.multiply(try ByteCount.multiply(pixels, header.layout.channelCount), 2) - 1
        case .binarySamples:
            let samples = try ByteCount.multiply(pixels, header.layout.channelCount)
            return try ByteCount.multiply(samples, header.sampleBytes)
        }
    }

    /// Fills `image` from the raster of `data`. A short binary raster is zero-filled: the caller refuses it
    /// beforehand (with ``minimumByteCount(_:)``) unless truncation is allowed.
    static func read(_ header: PNMHeader, from data: [UInt8], into image: inout ImageBuffer,
                     allowTruncated: Bool) throws(ImageError) {
        let stride = image.rowStride
        let rowBytes = image.packedRowBytes
        let rowSamples = header.width * header.layout.channelCount
        try data.withUnsafeBufferPointer { (source) throws(ImageError) in
            let raster = UnsafeBufferPointer(rebasing: source[header.rasterOffset...])
            try image.withUnsafeMutableBytes { (pixels) throws(ImageError) in
                let rows = RowWriter(base: pixels.baseAddress!, stride: stride, rowBytes: rowBytes, height: header.height)
                switch header.encoding {
                case .binarySamples:
                    readBinary(header, raster, rows, rowSamples: rowSamples)
                case .packedBits:
                    readPackedBits(header, raster, rows)
                case .asciiSamples:
                    var reader = PNMASCIIReader(raster)
                    try reader.readSamples(header, rows, rowSamples: rowSamples, allowTruncated: allowTruncated)
                case .asciiBits:
                    var reader = PNMASCIIReader(raster)
                    try reader.readBits(header, rows, allowTruncated: allowTruncated)
                }
            }
        }
    }

    /// P5, P6, P7: 8-bit samples, or 16-bit big-endian samples when maxval > 255.
    private static func readBinary(_ header: PNMHeader, _ raster: UnsafeBufferPointer<UInt8>, _ rows: RowWriter, rowSamples: Int) {
        let sampleBytes = header.sampleBytes
        let rowBytes = rowSamples * sampleBytes
        let table8 = sampleBytes == 1 && header.maxval != 255 ? PNMSampleScale.table8(maxval: header.maxval) : []
        let table16 = sampleBytes == 2 && header.maxval != 65535 ? PNMSampleScale.table16(maxval: header.maxval) : []
        for y in 0..<header.height {
            let start = y * rowBytes
            let samples = max(0, min(rowSamples, (raster.count - start) / sampleBytes))
            let destination = rows.row(y)
            if samples > 0 {
                let source = raster.baseAddress! + start
                if sampleBytes == 1 {
                    let output = destination.assumingMemoryBound(to: UInt8.self)
                    if table8.isEmpty {
                        output.update(from: source, count: samples)
                    } else {
                        table8.withUnsafeBufferPointer { table in
                            for i in 0..<samples { output[i] = table[Int(source[i])] }
                        }
                    }
                } else {
                    let output = destination.assumingMemoryBound(to: UInt16.self)
                    if table16.isEmpty {
                        for i in 0..<samples { output[i] = UInt16(source[2 * i]) << 8 | UInt16(source[2 * i + 1]) }
                    } else {
                        table16.withUnsafeBufferPointer { table in
                            for i in 0..<samples { output[i] = table[Int(source[2 * i]) << 8 | Int(source[2 * i + 1])] }
                        }
                    }
                }
            }
            rows.zero(y, fromByte: samples * header.pixelFormat.sampleType.byteCount)
        }
    }

    /// P4: packed bits, most significant first, 1 = black (0), 0 = white (255).
    private static func readPackedBits(_ header: PNMHeader, _ raster: UnsafeBufferPointer<UInt8>, _ rows: RowWriter) {
        let rowBytes = (header.width + 7) / 8
        for y in 0..<header.height {
            let start = y * rowBytes
            let pixels = max(0, min(header.width, (raster.count - start) * 8))
            let output = rows.row(y).assumingMemoryBound(to: UInt8.self)
            if pixels > 0 {
                let source = raster.baseAddress! + start
                for x in 0..<pixels {
                    output[x] = (source[x >> 3] >> (7 - UInt8(x & 7))) & 1 == 1 ? 0 : 255
                }
            }
            rows.zero(y, fromByte: pixels)
        }
    }
}

/// Row addressing into a buffer's bytes.
struct RowWriter {
    let base: UnsafeMutableRawPointer
    let stride: Int
    let rowBytes: Int
    let height: Int

    @inline(__always)
    func row(_ y: Int) -> UnsafeMutableRawPointer { base + y * stride }

    /// Zeroes row `y` from byte `start` to its end.
    func zero(_ y: Int, fromByte start: Int) {
        if start < rowBytes { (row(y) + start).initializeMemory(as: UInt8.self, repeating: 0, count: rowBytes - start) }
    }

    /// Zeroes every row from `y` on, and the rest of row `y` from byte `start`.
    func zero(from y: Int, byte start: Int) {
        guard y < height else { return }
        zero(y, fromByte: start)
        for row in (y + 1)..<height { zero(row, fromByte: 0) }
    }
}
