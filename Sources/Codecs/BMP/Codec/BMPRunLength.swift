import ImageKernel

/// BMP's RLE8 and RLE4 streams, decoded as Pillow's `BmpRleDecoder` decodes them, into one index per pixel in
/// stored row order.
///
/// The output is one run of `width * height` indices that the codes fill from the start: an encoded run longer than
/// the rest of its row is cut at the row's end; an absolute run continues into the next row; end-of-line pads the
/// current row with index 0; a delta skips `right + up * width` pixels (index 0); end-of-bitmap stops. Nothing is
/// ever written past the last pixel. Absolute runs are padded to an even file offset, as Pillow pads them.
///
/// Running out of data before the image is full is truncation. An end-of-bitmap code before the image is full leaves
/// the rest index 0 (the BMP specification's "undefined" pixels); Pillow refuses that file ("not enough image data").
struct BMPRunLength {
    /// How the stream ended.
    enum End: Equatable {
        /// Every pixel was produced.
        case complete
        /// An end-of-bitmap code came first.
        case endOfBitmap
        /// The data ran out first.
        case outOfData
    }

    let width: Int
    let height: Int
    let fourBit: Bool

    /// Runs the codes from `offset`; writes indices into `output` (`width * height` zeroed bytes) when given, or only
    /// measures the stream (to refuse truncated data before allocating anything).
    func decode(_ data: UnsafeBufferPointer<UInt8>, from offset: Int, into output: UnsafeMutableBufferPointer<UInt8>?) -> End {
        let total = width * height
        var n = 0, x = 0, p = offset
        let count = data.count
        while n < total {
            guard p + 2 <= count else { return .outOfData }
            let first = Int(data[p]), second = data[p + 1]
            p += 2
            if first > 0 {
                var run = first
                if x + run > width { run = max(0, width - x) }
                if let output {
                    if fourBit {
                        let hi = second >> 4, lo = second & 0xF
                        for i in 0..<run { output[n + i] = i & 1 == 0 ? hi : lo }
                    } else {
                        for i in 0..<run { output[n + i] = second }
                    }
                }
                n += run
                x += run
                continue
            }
            switch second {
            case 0:
                let rest = n % width
                if rest != 0 { n += width - rest }
                x = 0
            case 1:
                return .endOfBitmap
            case 2:
                guard p + 2 <= count else { return .outOfData }
                let right = Int(data[p]), up = Int(data[p + 1])
                p += 2
                n += min(total - n, right + up * width)
                x = n % width
            default:
                let literal = Int(second)
                let pixels = min(total - n, literal)
                let bytes = fourBit ? (pixels + 1) / 2 : pixels
                let available = min(bytes, count - p)
                if let output {
                    if fourBit {
                        for i in 0..<available {
                            let byte = data[p + i]
                            output[n + 2 * i] = byte >> 4
                            if 2 * i + 1 < pixels { output[n + 2 * i + 1] = byte & 0xF }
                        }
                    } else {
                        for i in 0..<available { output[n + i] = data[p + i] }
                    }
                }
                p += available
                n += fourBit ? min(pixels, 2 * available) : available
                if available < bytes { return .outOfData }
                if n == total { return .complete }
                x += literal
                if p & 1 != 0 { p += 1 }
            }
        }
        return .complete
    }
}
