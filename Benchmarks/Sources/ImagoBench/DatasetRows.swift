// Dataset rows: one pass of imageDatasetFromDirectory (grain path, 224x224 float32 batches of 32, seed 1) over the
// generated folder of 640x427 JPEGs, with 1 job and with every core; and (in its own process) the peak RSS of a pass.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Imago

/// One full pass; returns the number of images.
@discardableResult
func datasetPass(_ directory: String, jobs: Int) throws -> Int {
    let dataset = try imageDatasetFromDirectory(directory, batchSize: 32, imageSize: (224, 224), seed: 1)
    var images = 0
    try dataset.batches(jobs: jobs).forEach { images += $0.count }
    return images
}

func datasetRows(_ inputs: Inputs) throws {
    let directory = "\(inputs.directory)/photos"
    let images = try datasetPass(directory, jobs: 1)
    let cores = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    for jobs in Set([1, cores]).sorted() {
        row("dataset pass (\(images) images, \(jobs) jobs)", "640x427", "imago") { try datasetPass(directory, jobs: jobs) }
    }
}

/// Prints the peak resident memory of one pass over `directory` with every core (run in a fresh process).
func datasetMemory(_ directory: String) throws {
    let images = try datasetPass(directory, jobs: Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    print("{\"op\": \"dataset peak RSS\", \"size\": \"\(images) images\", \"tool\": \"imago\", \"rss_mb\": \(Double(peakRSSKiB()) / 1024)}")
}

/// The in-memory pipeline row of pipeline.py: `passes` full passes over `directory` through the library's
/// `AsyncSequence` of batches (224x224, batches of 32, seed 1; no files written), each printed as one JSON line with
/// its wall time and this process's CPU time (every thread), so the caller can take the best pass.
func datasetAsyncPasses(_ directory: String, jobs: Int, pixelPath: DatasetOptions.PixelPath, interpolation: ResizeMethod,
                        passes: Int) async throws {
    for _ in 0..<passes {
        let wall0 = monotonicSeconds(), cpu0 = processCPUSeconds()
        let dataset = try imageDatasetFromDirectory(directory, batchSize: 32, imageSize: (224, 224), seed: 1,
                                                    interpolation: interpolation, pixelPath: pixelPath)
        var images = 0
        for try await batch in dataset.batches(jobs: jobs) { images += batch.count }
        let wall = monotonicSeconds() - wall0, cpu = processCPUSeconds() - cpu0
        print("{\"images\": \(images), \"wall_s\": \(wall), \"cpu_s\": \(cpu)}")
    }
}

private func monotonicSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

private func processCPUSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

/// The "decode alone" row of pipeline.py: `passes` passes decoding every JPEG under `directory` on one thread, as the
/// dataset's workers decode them (tensorflow: TensorFlow's decode_image into reused buffers; grain: loadImage), with
/// no resize and nothing written; one JSON line per pass (wall and CPU seconds).
func decodeTreePasses(_ directory: String, pixelPath: DatasetOptions.PixelPath, passes: Int) throws {
    let files = try imageDatasetFromDirectory(directory, batchSize: 32, imageSize: (224, 224), seed: 1).filePaths
    var scratch = TensorFlowDecode.Scratch()
    for _ in 0..<passes {
        let wall0 = monotonicSeconds(), cpu0 = processCPUSeconds()
        for file in files {
            if pixelPath == .tensorflow {
                try TensorFlowDecode.decode(FileIO.read(file), channels: 3, scratch: &scratch)
            } else {
                _ = try loadImage(file)
            }
        }
        let wall = monotonicSeconds() - wall0, cpu = processCPUSeconds() - cpu0
        print("{\"images\": \(files.count), \"wall_s\": \(wall), \"cpu_s\": \(cpu)}")
    }
}
