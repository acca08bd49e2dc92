// swift-tools-version: 6.0
// JPEG benchmarks: Imago's JPEGCodec, timed side by side with C (libjpeg / TurboJPEG) and Pillow by run.sh.
import PackageDescription

let package = Package(
    name: "JPEGBench",
    dependencies: [.package(name: "Imago", path: "../..")],
    targets: [
        .executableTarget(
            name: "jpeg-bench",
            dependencies: [
                .product(name: "JPEGCodec", package: "Imago"),
                .product(name: "ImageKernel", package: "Imago"),
            ],
            path: "Sources/JPEGBench"
        ),
    ],
    swiftLanguageModes: [.v6]
)
