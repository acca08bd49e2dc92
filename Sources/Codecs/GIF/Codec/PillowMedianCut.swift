/// Pillow's median-cut quantizer (`Image.quantize(256, Quantize.MEDIANCUT)`, libImaging `Quant.c`), which
/// `convert("P", palette=ADAPTIVE)` runs when Pillow saves an RGB image as GIF. Ported step by step:
///
/// 1. Distinct colours with their pixel counts; when there are more than 65536, colours are shifted right by the
///    smallest `scale` that brings them to at most 65536 (Pillow's hash table rescaling).
/// 2. Median cut: the box with the most pixels is split (a max-heap with Pillow's sift rules, so ties go the same way)
///    on the axis with the largest range weighted 77/150/29, at the first value where the running pixel count passes
///    half, keeping all colours of that value on the high side; boxes of one colour are not split. At most 256 boxes.
/// 3. Palette entries in depth-first order, high half first; each entry is the rounded average of its pixels
///    (`(int)(.5 + sum / count)`, with Pillow's 32-bit sums).
/// 4. Each colour maps to its box's entry unless another entry is strictly nearer (searched in Pillow's order:
///    entries by distance from the box's entry, ties by index, stopping past four times the first distance).
///
/// Not reproduced: Pillow's colour hash compares 32-bit hashes, so two distinct colours whose hashes collide would
/// be merged there (no such pair was found in the tests).
struct PillowMedianCut {
    /// RGB triples, one per entry.
    private(set) var palette: [UInt8] = []
    /// One index per pixel.
    private(set) var indices: [UInt8] = []

    private struct Color: Hashable { var r: UInt8, g: UInt8, b: UInt8 }
    private struct Entry { var c: (Int, Int, Int); var count: UInt32 }
    private final class Box {
        var entries: [Int]  // indices into the colour list
        var pixelCount: UInt32
        var left: Box?, right: Box?
        init(entries: [Int], pixelCount: UInt32) { self.entries = entries; self.pixelCount = pixelCount }
    }

    /// Quantizes `rgb` (3 bytes a pixel, `count` pixels) to at most `colors` entries.
    init(rgb: UnsafeBufferPointer<UInt8>, count: Int, colors: Int = 256) {
        // 1. Colour histogram, rescaled as Pillow's hash table is.
        var histogram: [UInt32: UInt32] = [:]
        for i in 0..<count {
            let key = UInt32(rgb[3 * i]) << 16 | UInt32(rgb[3 * i + 1]) << 8 | UInt32(rgb[3 * i + 2])
            histogram[key, default: 0] += 1
        }
        var scale: UInt32 = 0
        var scaled = histogram
        while scaled.count > 65536 {
            scale += 1
            scaled = [:]
            for (key, n) in histogram {
                let s = ((key >> 16) >> scale) << 16 | (((key >> 8) & 0xFF) >> scale) << 8 | ((key & 0xFF) >> scale)
                scaled[s, default: 0] &+= n
            }
        }
        let keys = scaled.keys.sorted()
        let colorsList = keys.map { Entry(c: (Int($0 >> 16), Int(($0 >> 8) & 0xFF), Int($0 & 0xFF)), count: scaled[$0]!) }
        // 2. Median cut.
        let root = Box(entries: Array(colorsList.indices), pixelCount: UInt32(truncatingIfNeeded: count))
        var heap: [Box?] = [nil]  // 1-based
        func less(_ a: Box, _ b: Box) -> Int { Int(Int32(bitPattern: a.pixelCount) &- Int32(bitPattern: b.pixelCount)) }
        func add(_ box: Box) {
            heap.append(box)
            var k = heap.count - 1
            while k != 1 {
                if less(box, heap[k / 2]!) <= 0 { break }
                heap[k] = heap[k / 2]
                k >>= 1
            }
            heap[k] = box
        }
        func remove() -> Box? {
            guard heap.count > 1 else { return nil }
            let top = heap[1]!
            let v = heap.removeLast()!
            let n = heap.count - 1
            guard n >= 1 else { return top }
            var k = 1
            while k * 2 <= n {
                var l = k * 2
                if l < n && less(heap[l]!, heap[l + 1]!) < 0 { l += 1 }
                if less(v, heap[l]!) > 0 { break }
                heap[k] = heap[l]
                k = l
            }
            heap[k] = v
            return top
        }
        func value(_ e: Int, _ axis: Int) -> Int {
            let c = colorsList[e].c
            return axis == 0 ? c.0 : (axis == 1 ? c.1 : c.2)
        }
        func range(_ box: Box, _ axis: Int) -> (Int, Int) {
            var lo = 255, hi = 0
            for e in box.entries { let v = value(e, axis); lo = min(lo, v); hi = max(hi, v) }
            return (lo, hi)
        }
        func volume(_ box: Box) -> Int {
            if box.entries.isEmpty { return 0 }
            var v = 1
            for axis in 0..<3 { let (lo, hi) = range(box, axis); v *= hi - lo + 1 }
            return v
        }
        func split(_ box: Box) {
            let weights = [77, 150, 29]
            var best = -1, axis = 0
            for a in 0..<3 {
                let (lo, hi) = range(box, a)
                let f = (hi - lo) * weights[a]
                if a == 0 || best < f { best = f; axis = a }
            }
            // Colours in descending order of the axis value.
            let sorted = box.entries.sorted { value($0, axis) > value($1, axis) }
            var left: UInt32 = 0
            var cut = 0
            while cut < sorted.count {
                left &+= colorsList[sorted[cut]].count
                cut += 1
                if UInt64(left) * 2 > UInt64(box.pixelCount) { break }
            }
            if cut < sorted.count {
                let splitValue = value(sorted[cut - 1], axis)
                while cut < sorted.count && value(sorted[cut], axis) == splitValue { cut += 1 }
            }
            if cut == sorted.count {
                let last = value(sorted[sorted.count - 1], axis)
                while cut > 0 && value(sorted[cut - 1], axis) == last { cut -= 1 }
            }
            let high = Set(sorted[..<cut])
            let leftEntries = box.entries.filter { high.contains($0) }
            let rightEntries = box.entries.filter { !high.contains($0) }
            let leftCount = leftEntries.reduce(UInt32(0)) { $0 &+ colorsList[$1].count }
            let rightCount = rightEntries.reduce(UInt32(0)) { $0 &+ colorsList[$1].count }
            box.left = Box(entries: leftEntries, pixelCount: leftCount)
            box.right = Box(entries: rightEntries, pixelCount: rightCount)
            box.entries = []
        }
        add(root)
        var remaining = colors
        outer: while true {
            remaining -= 1
            if remaining == 0 { break }
            var node: Box
            repeat {
                guard let next = remove() else { break outer }
                node = next
            } while volume(node) == 1
            split(node)
            add(node.left!)
            add(node.right!)
        }
        // 3. Leaves in depth-first order (high half first) are the palette entries.
        var boxOf: [UInt32: Int] = [:]
        var entryCount = 0
        func annotate(_ box: Box) {
            if let l = box.left, let r = box.right { annotate(l); annotate(r); return }
            for e in box.entries {
                let c = colorsList[e].c
                boxOf[UInt32(c.0) << 16 | UInt32(c.1) << 8 | UInt32(c.2)] = entryCount
            }
            if !box.entries.isEmpty { entryCount += 1 }
        }
        annotate(root)
        func scaledKey(_ key: UInt32) -> UInt32 {
            ((key >> 16) >> scale) << 16 | (((key >> 8) & 0xFF) >> scale) << 8 | ((key & 0xFF) >> scale)
        }
        var sums = [UInt32](repeating: 0, count: 3 * entryCount)
        var counts = [UInt32](repeating: 0, count: entryCount)
        for (key, n) in histogram {
            let entry = boxOf[scaledKey(key)]!
            sums[3 * entry] &+= UInt32(key >> 16) &* n
            sums[3 * entry + 1] &+= UInt32((key >> 8) & 0xFF) &* n
            sums[3 * entry + 2] &+= UInt32(key & 0xFF) &* n
            counts[entry] &+= n
        }
        var pal = [Int](repeating: 0, count: 3 * entryCount)
        for e in 0..<entryCount {
            for c in 0..<3 { pal[3 * e + c] = Int(0.5 + Double(sums[3 * e + c]) / Double(counts[e])) & 0xFF }
        }
        palette = pal.map { UInt8($0) }
        // 4. Nearest entry, searched as Pillow searches.
        func dist(_ a: Int, _ r: Int, _ g: Int, _ b: Int) -> Int {
            let dr = pal[3 * a] - r, dg = pal[3 * a + 1] - g, db = pal[3 * a + 2] - b
            return dr * dr + dg * dg + db * db
        }
        var between = [Int](repeating: 0, count: entryCount * entryCount)
        for i in 0..<entryCount { for j in 0..<entryCount { between[i * entryCount + j] = dist(j, pal[3 * i], pal[3 * i + 1], pal[3 * i + 2]) } }
        let order: [[Int]] = (0..<entryCount).map { i in
            (0..<entryCount).sorted { a, b in
                let da = between[i * entryCount + a], db = between[i * entryCount + b]
                return da != db ? da < db : a < b
            }
        }
        var mapped: [UInt32: UInt8] = [:]
        var out = [UInt8](repeating: 0, count: count)
        for i in 0..<count {
            let key = UInt32(rgb[3 * i]) << 16 | UInt32(rgb[3 * i + 1]) << 8 | UInt32(rgb[3 * i + 2])
            if let m = mapped[key] { out[i] = m; continue }
            let r = Int(rgb[3 * i]), g = Int(rgb[3 * i + 1]), b = Int(rgb[3 * i + 2])
            let box = boxOf[scaledKey(key)]!
            var bestDistance = dist(box, r, g, b)
            var best = box
            let limit = bestDistance << 2
            for idx in order[box] {
                if between[box * entryCount + idx] > limit { break }
                let d = dist(idx, r, g, b)
                if d < bestDistance { bestDistance = d; best = idx }
            }
            mapped[key] = UInt8(best)
            out[i] = UInt8(best)
        }
        indices = out
    }
}
