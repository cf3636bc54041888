// swift-tools-version:6.1
// Agora: one package, one SwiftPM target per part (see ARCHITECTURE.md "Layout").
import PackageDescription

let package = Package(
    name: "agora",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "agora", targets: ["AgoraCLI"]),
        .library(name: "Kernel", targets: ["Kernel"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/JohnSundell/Ink.git", from: "0.6.0"),
    ],
    targets: [
        .target(
            name: "Kernel",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Mustache", package: "swift-mustache"),
                "Mail",
            ],
            resources: [.copy("Templates")]
        ),
        // libcurl from the system (pkg-config libcurl), for Mail's SMTP transport.
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // Mail: MIME messages and an SMTP transport on libcurl; the kernel hands modules a `Mailer`.
        .target(
            name: "Mail",
            dependencies: [
                "CCurl",
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // cairo + pango from the system (pkg-config pangocairo), for Documents.
        .systemLibrary(
            name: "CCairoPango",
            pkgConfig: "pangocairo",
            providers: [.apt(["libcairo2-dev", "libpango1.0-dev"])]
        ),
        // PDFs: A4 pages, Unicode text, tables over pages, images, page numbers.
        .target(
            name: "Documents",
            dependencies: ["CCairoPango"]
        ),
        .target(
            name: "Commerce",
            dependencies: [
                "Kernel",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Modules/Commerce",
            resources: [.copy("Templates")]
        ),
        .target(
            name: "Invoicing",
            dependencies: [
                "Kernel",
                "Commerce",
                "Documents",
                "Mail",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            path: "Modules/Invoicing",
            resources: [.copy("Resources"), .copy("Templates")]
        ),
        .target(
            name: "CMS",
            dependencies: [
                "Kernel",
                // The storefront's catalog, cart, checkout and shop accounts.
                "Commerce",
                .product(name: "Ink", package: "Ink"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Modules/CMS",
            resources: [.copy("Templates")]
        ),
        .executableTarget(
            name: "AgoraCLI",
            dependencies: [
                "Kernel",
                "Commerce",
                "Invoicing",
                "CMS",
                "Documents",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "SQLKit", package: "sql-kit"),
            ]
        ),
        .target(
            name: "AgoraTesting",
            dependencies: [
                "Kernel",
                "Mail",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "KernelTests",
            dependencies: [
                "Kernel",
                "AgoraTesting",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "MailTests",
            dependencies: ["Mail"]
        ),
        .testTarget(
            name: "DocumentsTests",
            dependencies: ["Documents", "AgoraTesting"]
        ),
        .testTarget(
            name: "CommerceTests",
            dependencies: [
                "Commerce",
                "Kernel",
                "AgoraTesting",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "InvoicingTests",
            dependencies: [
                "Invoicing",
                "Mail",
                "Commerce",
                "Kernel",
                "AgoraTesting",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "CMSTests",
            dependencies: [
                "CMS",
                "Commerce",
                "Kernel",
                "AgoraTesting",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ]
)
