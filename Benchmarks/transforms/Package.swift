// swift-tools-version: 6.0
// Transforms benchmark: Imago resize / RGB->L / UInt8->Float32, timed against Pillow 13 and Pillow-SIMD by run.sh.
import PackageDescription

let package = Package(
    name: "TransformsBench",
    dependencies: [.package(name: "Imago", path: "../..")],
    targets: [
        .executableTarget(
            name: "TransformsBench",
            dependencies: [.product(name: "Transforms", package: "Imago"), .product(name: "ImageKernel", package: "Imago")]
        ),
    ]
)
