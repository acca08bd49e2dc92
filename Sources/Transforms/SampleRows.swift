import CTransformsKernels
import ImageKernel

/// A read-only view of interleaved image samples (8-bit, 16-bit or float32) that resize kernels read row by row
/// as float32 values: the one widening loop of the scale-and-translate and TensorFlow resize cores.
public struct SampleRows {
    /// The first sample of row 0.
    public var base: UnsafeRawPointer
    /// Bytes from one row to the next.
    public var rowStride: Int
    /// Rows.
    public var height: Int
    /// Pixels per row.
    public var width: Int
    /// Samples per pixel.
    public var channels: Int
    /// The type of every sample.
    public var sampleType: SampleType

    /// A view of `height` rows of `width * channels` samples starting at `base`, `rowStride` bytes apart.
    public init(base: UnsafeRawPointer, rowStride: Int, height: Int, width: Int, channels: Int, sampleType: SampleType) {
        self.base = base
        self.rowStride = rowStride
        self.height = height
        self.width = width
        self.channels = channels
        self.sampleType = sampleType
    }

    /// Samples per row.
    public var rowLength: Int { width * channels }

    /// Copies whole pixels, keeping the sample type: output row j holds source row `rows[j]`'s pixels at `columns`
    /// (`rows.count * columns.count` packed pixels into `output`). The nearest-neighbour resizes' common step.
    public func copyPixels(rows: [Int], columns: [Int], into output: UnsafeMutableRawPointer) {
        let pixel = channels * sampleType.byteCount
        for (j, y) in rows.enumerated() {
            let row = base + y * rowStride, out = output + j * columns.count * pixel
            for (i, x) in columns.enumerated() { (out + i * pixel).copyMemory(from: row + x * pixel, byteCount: pixel) }
        }
    }

    /// Row `y` as float32 values into `destination` (``rowLength`` of them).
    public func load(row y: Int, into destination: UnsafeMutablePointer<Float>) {
        Self.widen(base + y * rowStride, sampleType: sampleType, count: rowLength, into: destination)
    }

    /// The same samples from column `x0`, `columns` wide, and from row `y0`, `rows` high (an array slice).
    public func cropped(x0: Int, y0: Int, columns: Int, rows: Int) -> SampleRows {
        var s = self
        s.base = base + y0 * rowStride + x0 * channels * sampleType.byteCount
        s.width = columns
        s.height = rows
        return s
    }

    /// The sample type as the float32 kernels take it (`CTK_SAMPLE_*`).
    var kernelSampleType: Int32 {
        switch sampleType {
        case .uint8: Int32(CTK_SAMPLE_U8)
        case .uint16: Int32(CTK_SAMPLE_U16)
        case .float32: Int32(CTK_SAMPLE_F32)
        }
    }

    /// The [begin, end) ranges of a row's samples (`channels` per pixel) covering the pixels `read` marks, ascending,
    /// as one flat array (begin, end, begin, end, ...); gaps shorter than 16 samples are bridged, as a vector of the
    /// kernels covers them anyway.
    static func runs(reading read: [Bool], channels: Int) -> [Int32] {
        var runs: [Int32] = []
        for pixel in read.indices where read[pixel] {
            let (begin, end) = (Int32(pixel * channels), Int32((pixel + 1) * channels))
            if let last = runs.last, begin - last < 16 {
                runs[runs.count - 1] = end
            } else {
                runs += [begin, end]
            }
        }
        return runs
    }

    /// `destination[i] = Float(source[i])` for `count` samples of `sampleType` (``PixelConversion``'s loops).
    public static func widen(_ source: UnsafeRawPointer, sampleType: SampleType, count: Int, into destination: UnsafeMutablePointer<Float>) {
        switch sampleType {
        case .uint8:
            PixelConversion.widenToFloat32(UnsafeRawBufferPointer(start: source, count: count), into: destination)
        case .uint16:
            PixelConversion.widenToFloat32(UnsafeBufferPointer(start: source.assumingMemoryBound(to: UInt16.self), count: count),
                                           into: destination)
        case .float32:
            destination.update(from: source.assumingMemoryBound(to: Float.self), count: count)
        }
    }
}
