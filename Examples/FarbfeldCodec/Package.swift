// swift-tools-version: 6.0
// A third-party codec in its own package: farbfeld (https://tools.suckless.org/farbfeld/), written against
// Imago's kernel only and registered into a FormatRegistry by the app that wants it.
import PackageDescription

let package = Package(
    name: "FarbfeldCodec",
    products: [.library(name: "FarbfeldCodec", targets: ["FarbfeldCodec"])],
    dependencies: [.package(name: "Imago", path: "../..")],
    targets: [
        .target(name: "FarbfeldCodec", dependencies: [.product(name: "ImageKernel", package: "Imago")]),
        .executableTarget(
            name: "farbfeld-demo",
            dependencies: [
                "FarbfeldCodec",
                .product(name: "Registry", package: "Imago"),
                .product(name: "PNMCodec", package: "Imago"),
            ]
        ),
        .testTarget(
            name: "FarbfeldCodecTests",
            dependencies: ["FarbfeldCodec", .product(name: "Registry", package: "Imago")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
