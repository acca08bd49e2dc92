// The names of the generated inputs (written by Benchmarks/make_inputs.py into the input directory).
import ImageKernel
import Registry

/// The input directory and the sizes to run.
struct Inputs {
    var directory: String
    var sizes: [String]

    /// `photo_<size><suffix>`, e.g. `photo_640x427_lzw.tif`.
    func photo(_ size: String, _ suffix: String) -> String { "\(directory)/photo_\(size)\(suffix)" }

    /// The raw RGB8 pixels of the photo at `size` (`rgb_<size>.raw`), as an image buffer.
    func rgb(_ size: String) throws -> ImageBuffer {
        let (w, h) = dimensions(size)
        return try ImageBuffer(width: w, height: h, format: .rgb8, bytes: FileIO.read("\(directory)/rgb_\(size).raw"))
    }

    /// Width and height of `WxH`.
    func dimensions(_ size: String) -> (Int, Int) {
        let parts = size.split(separator: "x").map { Int($0)! }
        return (parts[0], parts[1])
    }
}
