import Foundation
import Hummingbird

/// A response that is a file rather than JSON; its media type goes into OpenAPI as the
/// route's success content (`application/pdf` with a binary string schema).
public protocol BinaryResponse: ResponseGenerator {
    /// The `Content-Type` every success of the route has.
    static var mediaType: String { get }
}

/// A PDF to download: `application/pdf`, with a `Content-Disposition` naming the file.
public struct PDFDownload: BinaryResponse {
    public static let mediaType = "application/pdf"

    public let bytes: [UInt8]
    /// `F-000001.pdf`; characters other than letters, digits, `-`, `_` and `.` become `-`.
    public let filename: String

    public init(bytes: [UInt8], filename: String) {
        self.bytes = bytes
        self.filename = Self.safeFilename(filename)
    }

    /// A filename that needs no quoting or encoding in a header and names no directory.
    static func safeFilename(_ name: String) -> String {
        let mapped = String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) ? $0 : "-" })
        let trimmed = mapped.drop { $0 == "." }
        return trimmed.isEmpty ? "document.pdf" : String(trimmed)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: .ok,
                 headers: [.contentType: Self.mediaType, .contentDisposition: "attachment; filename=\"\(filename)\"",
                           .cacheControl: "private, no-cache"],
                 body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
