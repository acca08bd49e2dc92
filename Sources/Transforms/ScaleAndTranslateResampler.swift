import CTransformsKernels

/// The separable, non-antialiased scale-and-translate resample on float32 samples: the core behind Keras's numpy
/// backend `resize` (`smart_resize` and the dataset's grain path) and TensorFlow's `ScaleAndTranslate` methods
/// (lanczos3, lanczos5, gaussian, mitchellcubic).
///
/// The height pass runs first, then the width pass, each only when that size changes (as Keras's numpy backend
/// does). Each output is the fused multiply-add chain `fma(x[k], w[k], acc)` over its taps in input order: the
/// contraction numpy's `tensordot` runs through OpenBLAS for most outputs.
public enum ScaleAndTranslateResampler {
    /// Resamples `source` to `height` x `width` with `kernel` into `output` (`height * width * channels` floats),
    /// with `arithmetic`'s weights, pass order and summation. The passes are the C kernels of
    /// `ctk_st_vertical` / `ctk_st_horizontal` at ``SIMDLevel/current`` (identical bits at every level), run one
    /// output row at a time (the height pass only over the samples the width pass reads).
    ///
    /// - `.numpy`: the height pass, then the width pass, each only when that size changes; fused multiply-adds.
    /// - `.tensorFlow` (`GatherRows` then `GatherColumns`): both passes always (a same-size gaussian or
    ///   mitchellcubic still filters); `acc + w * x`.
    public static func resample(
        _ source: SampleRows, height: Int, width: Int, kernel: ScaleAndTranslateKernel,
        arithmetic: ScaleAndTranslateArithmetic = .numpy,
        into output: UnsafeMutablePointer<Float>, scratch: inout ResizeScratch
    ) {
        let c = source.channels
        let rowLength = source.rowLength
        let numpy = arithmetic == .numpy
        let vertical = !numpy || source.height != height
        let horizontal = !numpy || source.width != width
        let level = SIMDLevel.kernelLevel()
        let rows = vertical ? scratch.scaleAndTranslate.axis(input: source.height, output: height, kernel: kernel, arithmetic: arithmetic) : nil
        let columns = horizontal ? scratch.scaleAndTranslate.axis(input: source.width, output: width, kernel: kernel, arithmetic: arithmetic) : nil
        // The width pass regrouped for the CPU's vectors (AVX-512 groups of neighbouring outputs, or AVX2 pairs of
        // pixels) when the rows it reads are sure to be finite: integer sources (a float image may hold NaNs or
        // infinities, which the zero weights of outputs with fewer taps would spread).
        let groups = columns.flatMap { columns -> OpaquePointer? in
            ctk_st_hgroups_create(Int32(c), columns.first, columns.offset, columns.count, columns.weights, Int32(width), level,
                                  source.sampleType != .float32 ? 1 : 0)
        }
        defer { ctk_st_hgroups_destroy(groups) }
        // One row at a time: the height pass reads the source rows in place (any sample type) into `row` (or straight
        // into the output without a width pass), only over the samples the width pass then reads (all of them for the
        // AVX-512 groups, whose windows read beyond some outputs' taps).
        let runs = vertical && ctk_st_hgroups_read_whole_rows(groups) == 0 ? columns?.sampleRuns(channels: c) ?? [] : []
        // Integer rows that several output rows read (a shrink whose filter widens with the scale, any enlargement),
        // and whose samples the height pass reads whole or mostly, are converted to float once each, into a ring of
        // as many rows as an output reads, rather than once per output row that reads them: the same floats, so the
        // same bits. (Output rows far apart that share no source row keep reading the source in place.)
        let covered = stride(from: 0, to: runs.count, by: 2).reduce(0) { $0 + Int(runs[$1 + 1] - runs[$1]) }
        let ring = rows.flatMap { rows -> Int? in
            guard source.sampleType != .float32, runs.isEmpty || 2 * covered >= rowLength,
                  rows.rowReads >= 2 * rows.distinctRowsRead else { return nil }
            return Int(rows.count.max() ?? 0)
        } ?? 0
        // One float of slack after the rows: the AVX2 pairs read each 3-channel pixel as 4 floats.
        ResizeScratch.reserve(&scratch.rows, rowLength * (1 + ring) + 1)
        scratch.rows.withUnsafeMutableBufferPointer { buffer in
            let row = buffer.baseAddress!
            var ringRow = [Int](repeating: -1, count: ring)
            var tapRows = [UnsafePointer<Float>?](repeating: nil, count: ring)
            let rowWeights = rows?.weights ?? []
            rowWeights.withUnsafeBufferPointer { rowWeights in
                runs.withUnsafeBufferPointer { runs in
                    for j in 0..<(vertical ? height : source.height) {
                        let target = horizontal ? row : output + j * rowLength
                        if let rows {
                            let first = Int(rows.first[j]), taps = Int(rows.count[j])
                            let weights = rowWeights.baseAddress.map { $0 + Int(rows.offset[j]) }
                            let runCount = Int32(runs.count / 2), runBounds = runs.isEmpty ? nil : runs.baseAddress
                            if ring > 0 {
                                for k in 0..<taps {
                                    let y = first + k, slot = y % ring
                                    let slotRow = row + (1 + slot) * rowLength
                                    if ringRow[slot] != y {
                                        source.load(row: y, into: slotRow)
                                        ringRow[slot] = y
                                    }
                                    tapRows[k] = UnsafePointer(slotRow)
                                }
                                ctk_st_vertical_pointers(tapRows, weights, Int32(taps), runCount, runBounds, target, rowLength,
                                                         numpy ? 1 : 0, level)
                            } else {
                                ctk_st_vertical(source.base + first * source.rowStride, source.kernelSampleType, source.rowStride,
                                                weights, Int32(taps), runCount, runBounds, target, rowLength, numpy ? 1 : 0, level)
                            }
                        } else {
                            source.load(row: j, into: target)
                        }
                        guard let columns else { continue }
                        if let groups {
                            ctk_st_horizontal_grouped(groups, row, rowLength, output + j * width * c, numpy ? 1 : 0)
                            continue
                        }
                        columns.weights.withUnsafeBufferPointer { weights in
                            ctk_st_horizontal(row, Int32(c), columns.first, columns.offset, columns.count, weights.baseAddress!,
                                              Int32(width), output + j * width * c, numpy ? 1 : 0, level)
                        }
                    }
                }
            }
        }
    }

    /// NumPy's nearest resample: input index `floor((i + 0.5) * in / out)` computed in float32, per axis whose
    /// size changes (an axis that keeps its size is copied).
    public static func nearest(
        _ source: SampleRows, height: Int, width: Int, into output: UnsafeMutablePointer<Float>, scratch: inout ResizeScratch
    ) {
        let index = { (i: Int, m: Int, n: Int) in nearestIndex(i, input: m, output: n) }
        let c = source.channels
        ResizeScratch.reserve(&scratch.rows, source.rowLength)
        scratch.rows.withUnsafeMutableBufferPointer { row in
            for j in 0..<height {
                source.load(row: index(j, source.height, height), into: row.baseAddress!)
                let out = output + j * width * c
                for i in 0..<width {
                    let x = index(i, source.width, width)
                    for ch in 0..<c { out[i * c + ch] = row[x * c + ch] }
                }
            }
        }
    }

    /// NumPy's nearest input index for output `i`: `floor((i + 0.5) * in / out)` in float32 (`i` itself when the
    /// size is unchanged).
    public static func nearestIndex(_ i: Int, input m: Int, output n: Int) -> Int {
        m == n ? i : min(m - 1, Int(((Float(i) + 0.5) * Float(m) / Float(n)).rounded(.down)))
    }
}

extension ScaleAndTranslateAxis {
    /// How many input samples the outputs read in all, counting an input read by several outputs each time.
    var rowReads: Int { count.reduce(0) { $0 + Int($1) } }

    /// How many distinct input samples the outputs read.
    var distinctRowsRead: Int {
        var distinct = 0, covered = 0
        for j in first.indices where count[j] > 0 {
            let start = max(Int(first[j]), covered), end = Int(first[j]) + Int(count[j])
            if end > start { distinct += end - start }
            covered = max(covered, end)
        }
        return distinct
    }
}
