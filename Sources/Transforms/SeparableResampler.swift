import ImageKernel

/// Pillow 13's `ImagingResample` for the convolution filters: pass skipping, pass order, and the
/// horizontal pass restricted to the rows the vertical pass reads.
enum SeparableResampler {
    /// `integerSamples`: float samples holding Pillow `I` integers (see ``WideI32InF32``).
    static func resample(_ image: ImageBuffer, width outW: Int, height outH: Int,
                         filter: ResampleFilter, box: ResizeBox, integerSamples: Bool = false) throws -> ImageBuffer {
        let inW = image.width, inH = image.height
        let horizontal = try ResampleCoefficients(inSize: inW, in0: box.x0, in1: box.x1, outSize: outW, filter: filter)
        var vertical = try ResampleCoefficients(inSize: inH, in0: box.y0, in1: box.y1, outSize: outH, filter: filter)
        // Pillow compares the box's far edges with the *output* size.
        let needH = outW != inW || box.x0 != 0 || box.x1 != Float(outW)
        let needV = outH != inH || box.y0 != 0 || box.y1 != Float(outH)
        let verticalFirst = (inH - outH) > 0 && (inH - outH) > 2 * (inW - outW)

        if verticalFirst {
            var current = image
            if needV { current = try verticalPass(current, vertical, integerSamples: integerSamples) }
            if needH { current = try horizontalPass(current, horizontal, rows: 0..<current.height, integerSamples: integerSamples) }
            return current
        }
        var current = image
        if needH {
            let rows = vertical.sourceRange
            current = try horizontalPass(current, horizontal, rows: rows, integerSamples: integerSamples)
            vertical.shift(by: rows.lowerBound)
        }
        if needV { current = try verticalPass(current, vertical, integerSamples: integerSamples) }
        return current
    }

    private static func horizontalPass(_ image: ImageBuffer, _ c: ResampleCoefficients, rows: Range<Int>,
                                       integerSamples: Bool) throws -> ImageBuffer {
        let channels = image.channelCount
        return try pass(image, width: c.first.count, height: rows.count) { s, sourceBytes, d, outStride in
            switch image.format.sampleType {
            case .uint8:
                SeparablePasses8.horizontal(source: s, sourceStride: image.rowStride, sourceBytes: sourceBytes, rowOffset: rows.lowerBound,
                                            destination: d, destinationStride: outStride, rows: rows.count,
                                            inWidth: image.width, channels: channels, coefficients: c)
            case .uint16:
                SeparablePassesWide.horizontal(Wide16.self, source: s, sourceStride: image.rowStride, rowOffset: rows.lowerBound,
                                               destination: d, destinationStride: outStride, rows: rows.count,
                                               channels: channels, coefficients: c)
            case .float32 where integerSamples:
                SeparablePassesWide.horizontal(WideI32InF32.self, source: s, sourceStride: image.rowStride, rowOffset: rows.lowerBound,
                                               destination: d, destinationStride: outStride, rows: rows.count,
                                               channels: channels, coefficients: c)
            case .float32:
                SeparablePassesWide.horizontal(WideF32.self, source: s, sourceStride: image.rowStride, rowOffset: rows.lowerBound,
                                               destination: d, destinationStride: outStride, rows: rows.count,
                                               channels: channels, coefficients: c)
            }
        }
    }

    private static func verticalPass(_ image: ImageBuffer, _ c: ResampleCoefficients, integerSamples: Bool) throws -> ImageBuffer {
        let samples = image.width * image.channelCount
        return try pass(image, width: image.width, height: c.first.count) { s, _, d, outStride in
            switch image.format.sampleType {
            case .uint8:
                SeparablePasses8.vertical(source: s, sourceStride: image.rowStride, destination: d,
                                          destinationStride: outStride, rowBytes: samples, coefficients: c)
            case .uint16:
                SeparablePassesWide.vertical(Wide16.self, source: s, sourceStride: image.rowStride, destination: d,
                                             destinationStride: outStride, samplesPerRow: samples, coefficients: c)
            case .float32 where integerSamples:
                SeparablePassesWide.vertical(WideI32InF32.self, source: s, sourceStride: image.rowStride, destination: d,
                                             destinationStride: outStride, samplesPerRow: samples, coefficients: c)
            case .float32:
                SeparablePassesWide.vertical(WideF32.self, source: s, sourceStride: image.rowStride, destination: d,
                                             destinationStride: outStride, samplesPerRow: samples, coefficients: c)
            }
        }
    }

    /// A new `width` x `height` pass output in `image`'s format, left uninitialised because `body` writes every byte
    /// of every row: `body(source, sourceBytes, destination, destinationStride)`. Skipped when either buffer is empty.
    private static func pass(
        _ image: ImageBuffer, width: Int, height: Int,
        _ body: (UnsafeRawPointer, Int, UnsafeMutableRawPointer, Int) -> Void
    ) throws -> ImageBuffer {
        var out = try ImageBuffer(width: width, height: height, format: image.format, zeroed: false)
        let outStride = out.rowStride
        image.withUnsafeBytes { src in
            out.withUnsafeMutableBytes { dst in
                guard let s = src.baseAddress, let d = dst.baseAddress else { return }
                body(s, src.count, d, outStride)
            }
        }
        return out
    }
}
