import Foundation
import Hummingbird

/// A response that is a file rather than JSON; its media type goes into OpenAPI as the
/// route's success content (`application/pdf` with a binary string schema).
public protocol BinaryResponse: ResponseGenerator {
    /// The `Content-Type` every success of the route has.
    static var mediaType: String { get }
}

/// A named file to download: its bytes under the type's media type, with a
/// `Content-Disposition` naming the file. ``PDFDownload`` and ``XMLDownload`` are the kinds.
public protocol FileDownload: BinaryResponse {
    var bytes: [UInt8] { get }
    /// Safe in a header (see ``DownloadFilename/safe(_:fallback:)``).
    var filename: String { get }
}

extension FileDownload {
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: .ok,
                 headers: [.contentType: Self.mediaType, .contentDisposition: "attachment; filename=\"\(filename)\"",
                           .cacheControl: "private, no-cache"],
                 body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

/// The filenames downloads give.
public enum DownloadFilename {
    /// A filename that needs no quoting or encoding in a header and names no directory:
    /// characters other than letters, digits, `-`, `_` and `.` become `-`, leading dots go,
    /// and an empty result is `fallback`.
    public static func safe(_ name: String, fallback: String) -> String {
        let mapped = String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) ? $0 : "-" })
        let trimmed = mapped.drop { $0 == "." }
        return trimmed.isEmpty ? fallback : String(trimmed)
    }
}

/// A PDF to download: `application/pdf`, with a `Content-Disposition` naming the file.
public struct PDFDownload: FileDownload, Sendable {
    public static let mediaType = "application/pdf"

    public let bytes: [UInt8]
    /// `F-000001.pdf`; characters other than letters, digits, `-`, `_` and `.` become `-`.
    public let filename: String

    public init(bytes: [UInt8], filename: String) {
        self.bytes = bytes
        self.filename = DownloadFilename.safe(filename, fallback: "document.pdf")
    }
}

/// An XML document to download (an e-invoice): `application/xml`, with a
/// `Content-Disposition` naming the file.
public struct XMLDownload: FileDownload, Sendable {
    public static let mediaType = "application/xml"

    public let bytes: [UInt8]
    /// `F-000001.ubl.xml`; made safe like a PDF's.
    public let filename: String

    public init(bytes: [UInt8], filename: String) {
        self.bytes = bytes
        self.filename = DownloadFilename.safe(filename, fallback: "document.xml")
    }
}
