/// When a failed delivery is tried again: exponential backoff (1 s, 2 s, 4 s, … capped at an
/// hour) with jitter, so many failures at once do not retry in lockstep.
public enum RetryPolicy {
    /// Delay before the next attempt after `attempts` failed ones; `random` in 0...1 picks the
    /// jitter (the delay lies between half and all of the exponential step).
    public static func delay(afterAttempts attempts: Int, random: Double) -> Double {
        let exponent = Double(max(0, min(attempts - 1, 12)))
        let step = min(3600.0, pow2(exponent))
        return step * (0.5 + 0.5 * min(1, max(0, random)))
    }

    private static func pow2(_ exponent: Double) -> Double {
        var value = 1.0
        for _ in 0..<Int(exponent) { value *= 2 }
        return value
    }
}
