import CCurl
import Foundation
import NIOPosix

/// Sends a message to an SMTP server with libcurl: `MAIL FROM` the configured sender,
/// `RCPT TO` each recipient, the MIME bytes as the upload, STARTTLS or implicit TLS when
/// configured, and connect and total timeouts.
///
/// libcurl's easy interface blocks its thread for the whole conversation, so sends run on a
/// small thread pool of their own, never on Swift concurrency's cooperative threads nor on
/// NIO's shared pool (which SQLite's blocking calls use).
public struct SMTPTransport: Sendable {
    public let configuration: SMTPConfiguration

    public init(configuration: SMTPConfiguration) {
        self.configuration = configuration
    }

    /// Two threads: a slow server delays mail, and nothing else.
    private static let pool: NIOThreadPool = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
        let pool = NIOThreadPool(numberOfThreads: 2)
        pool.start()
        return pool
    }()

    /// Writes `message` and sends it; throws ``MailError/transport(_:)`` with curl's reason
    /// when the server cannot be reached, times out or refuses it.
    public func send(_ message: MailMessage, messageID: String, date: Date = Date()) async throws {
        let bytes = try MIMEMessage.render(message, date: date, messageID: messageID)
        let configuration = self.configuration
        let recipients = message.to.map(\.address)
        try await Self.pool.runIfActive {
            try Self.perform(bytes: bytes, recipients: recipients, configuration: configuration)
        }
    }

    /// One blocking SMTP conversation on the calling thread.
    static func perform(bytes: [UInt8], recipients: [String], configuration: SMTPConfiguration) throws {
        guard let handle = curl_easy_init() else { throw MailError.transport("libcurl could not start a transfer") }
        defer { curl_easy_cleanup(handle) }
        var list: UnsafeMutablePointer<curl_slist>? = nil
        for recipient in recipients { list = curl_slist_append(list, "<\(recipient)>") }
        defer { curl_slist_free_all(list) }
        let upload = Upload(bytes)
        let uploadPointer = Unmanaged.passRetained(upload)
        defer { uploadPointer.release() }
        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)

        let code: CURLcode = errorBuffer.withUnsafeMutableBufferPointer { errors in
            var codes: [CURLcode] = [
                agora_curl_set_string(handle, CURLOPT_URL, configuration.url.absoluteString),
                agora_curl_set_string(handle, CURLOPT_MAIL_FROM, "<\(configuration.from.address)>"),
                agora_curl_set_list(handle, CURLOPT_MAIL_RCPT, list),
                agora_curl_set_long(handle, CURLOPT_UPLOAD, 1),
                agora_curl_set_read_callback(handle, readBytes),
                agora_curl_set_pointer(handle, CURLOPT_READDATA, uploadPointer.toOpaque()),
                agora_curl_set_long(handle, CURLOPT_INFILESIZE_LARGE, bytes.count),
                // Timeouts without signals: curl's default alarm() handling is unsafe with threads.
                agora_curl_set_long(handle, CURLOPT_NOSIGNAL, 1),
                agora_curl_set_long(handle, CURLOPT_CONNECTTIMEOUT_MS, milliseconds(configuration.connectTimeout)),
                agora_curl_set_long(handle, CURLOPT_TIMEOUT_MS, milliseconds(configuration.timeout)),
                agora_curl_set_pointer(handle, CURLOPT_ERRORBUFFER, errors.baseAddress),
            ]
            if configuration.startTLS { codes.append(agora_curl_set_long(handle, CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue))) }
            if let username = configuration.username { codes.append(agora_curl_set_string(handle, CURLOPT_USERNAME, username)) }
            if let password = configuration.password { codes.append(agora_curl_set_string(handle, CURLOPT_PASSWORD, password)) }
            if let failed = codes.first(where: { $0 != CURLE_OK }) { return failed }
            return curl_easy_perform(handle)
        }
        guard code == CURLE_OK else {
            let detail = String(cString: errorBuffer)
            let reason = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
            throw MailError.transport("\(reason) (curl \(code.rawValue), \(configuration.url.absoluteString))")
        }
    }

    static func milliseconds(_ duration: Duration) -> Int {
        Int(duration.components.seconds) * 1000 + Int(duration.components.attoseconds / 1_000_000_000_000_000)
    }

    /// The bytes curl reads, and how far it has read.
    final class Upload {
        let bytes: [UInt8]
        var offset = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }
    }
}

/// curl's read callback: copies the next bytes of the ``SMTPTransport/Upload`` it is given.
private func readBytes(_ buffer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ userdata: UnsafeMutableRawPointer?) -> Int {
    guard let buffer, let userdata else { return 0 }
    let upload = Unmanaged<SMTPTransport.Upload>.fromOpaque(userdata).takeUnretainedValue()
    let length = min(size * count, upload.bytes.count - upload.offset)
    guard length > 0 else { return 0 }
    upload.bytes.withUnsafeBufferPointer { source in
        UnsafeMutableRawPointer(buffer).copyMemory(from: source.baseAddress! + upload.offset, byteCount: length)
    }
    upload.offset += length
    return length
}
