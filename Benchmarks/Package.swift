// swift-tools-version: 6.0
// The Imago benchmark: one harness (Sources/ImagoBench) timing Imago and the plain C library calls (Sources/CBaselines)
// with one rule; peers.py times Pillow, Pillow-SIMD and Keras with the same rule; report.py prints the table.
// Run it with `make bench` (QUICK=1 for a smoke run) or Benchmarks/run.sh.
import PackageDescription

let package = Package(
    name: "ImagoBenchmarks",
    dependencies: [.package(name: "Imago", path: "..")],
    targets: [
        .target(
            name: "CBaselines",
            cSettings: [.unsafeFlags(["-O2"])],
            linkerSettings: ["turbojpeg", "png16", "z", "tiff", "webp", "gif", "lcms2"].map { .linkedLibrary($0) }
        ),
        .executableTarget(
            name: "ImagoBench",
            dependencies: [
                "CBaselines",
                .product(name: "Imago", package: "Imago"),
                .product(name: "Transforms", package: "Imago"),
                .product(name: "Registry", package: "Imago"),
                .product(name: "ImageKernel", package: "Imago"),
                .product(name: "TIFFCodec", package: "Imago"),
                .product(name: "ColorManagement", package: "Imago"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
