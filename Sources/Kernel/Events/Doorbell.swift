import Foundation
import NIOConcurrencyHelpers

/// Wakes a waiting loop early: `ring()` ends the current (or next) `wait`.
final class Doorbell: Sendable {
    private struct State {
        var rung = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = NIOLockedValueBox(State())

    func ring() {
        let waiter = state.withLockedValue { state -> CheckedContinuation<Void, Never>? in
            defer { state.waiter = nil }
            if state.waiter == nil { state.rung = true }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Returns when rung or after `timeout`, whichever comes first.
    func wait(timeout: Duration) async {
        let timer = Task { [weak self] in
            // Cancelled (the wait ended early) must not ring: that ring would end the next
            // wait at once, and each such wait leaves another one — a dispatcher spinning
            // through empty passes for as long as the process is busy.
            do { try await Task.sleep(for: timeout) } catch { return }
            self?.ring()
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLockedValue { state -> Bool in
                if state.rung {
                    state.rung = false
                    return true
                }
                state.waiter = continuation
                return false
            }
            if resumeNow { continuation.resume() }
        }
        timer.cancel()
        state.withLockedValue { $0.rung = false }
    }
}
