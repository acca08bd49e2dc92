// swift-tools-version: 6.0
// Datasets benchmark: imageDatasetFromDirectory throughput (1 job vs all cores) and peak memory, timed against a
// Keras grain-path loop and a Pillow loop by run.sh.
import PackageDescription

let package = Package(
    name: "DatasetBench",
    dependencies: [.package(name: "Imago", path: "../..")],
    targets: [
        .executableTarget(
            name: "DatasetBench",
            dependencies: [.product(name: "Imago", package: "Imago")]
        ),
    ]
)
