// swift-tools-version: 6.0
// PNG benchmark: Imago's PNG decode/encode, timed against the same libpng calls from C and against Pillow by run.sh.
import PackageDescription

let package = Package(
    name: "PNGBench",
    dependencies: [.package(name: "Imago", path: "../..")],
    targets: [
        .executableTarget(
            name: "PNGBench",
            dependencies: [
                .product(name: "PNGCodec", package: "Imago"),
                .product(name: "ImageKernel", package: "Imago"),
                .product(name: "Registry", package: "Imago"),
            ]
        ),
    ]
)
