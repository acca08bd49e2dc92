// swift-tools-version: 6.0
// An app that reads and writes PNG only: it depends on the PNG codec and the registry, so it links
// libpng and nothing else (no libjpeg, libtiff or libwebp). `swift run PNGOnlyApp [FILE.png]`.
import PackageDescription

let package = Package(
    name: "PNGOnlyApp",
    dependencies: [.package(name: "Imago", path: "../..")],
    targets: [
        .executableTarget(
            name: "PNGOnlyApp",
            dependencies: [
                .product(name: "PNGCodec", package: "Imago"),
                .product(name: "Registry", package: "Imago"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
