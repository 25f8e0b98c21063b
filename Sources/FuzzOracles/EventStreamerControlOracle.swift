import Codecs
import EventStreamer
import Reconnect
import Sessions

/// The Event Streamer session's control plane on arbitrary bytes (`FuzzEventStreamerControl`, service-profiles
/// §3): the input is split at the first NUL into a stream body and a control reply. The body is read on a
/// connection whose `X-Connection-Id` is `c1`; every batch is delivered; the ack timer fires; the reply (status from
/// the reply's first byte) answers the bulk ack. Holds: a bulk ack carries exactly the delivered batch IDs; after a
/// 2xx reply only IDs the reply lists in `failed_batch_ids` and that were sent are queued again; after a 404 none
/// are (the connection is gone); any other reply queues them all; the processing-status reader never traps and
/// a subscription ID it returns is a non-empty JSON number.
public enum EventStreamerControlOracle {
    public static func check(_ input: UnsafeRawBufferPointer) throws(FuzzViolation) {
        let split = input.firstIndex(of: 0) ?? input.count
        let body = UnsafeRawBufferPointer(rebasing: input[..<split])
        let reply = split < input.count ? Array(input[(split &+ 1)...]) : []
        var session = EventStreamerSession(configuration: .recommended(baseURL: "https://example.com/", subscriptionID: "7"))
        let head = HTTPSessionResponseHead(
            status: 200, headers: [HTTPSessionHeader("Content-Type", "application/x-ndjson"), HTTPSessionHeader("X-Connection-Id", "c1")])
        guard session.open(head, now: .zero, wallClock: 0) == nil else { throw FuzzViolation("200 NDJSON did not open") }
        var delivered: [String] = []
        var lastLine = 0
        var violation: FuzzViolation?
        _ = session.receive(body) { output in
            switch output {
            case let .batch(delivery): delivered.append(delivery.batch.responseID)
            case let .rejectedLine(code, _, line):
                if violation == nil, line <= lastLine || code.isEmpty { violation = FuzzViolation("rejected line \(line) '\(code)'") }
                lastLine = line
            case .heartbeat, .serviceError: break
            }
        }
        if let violation { throw violation }
        for id in delivered { session.delivered(batchID: id, connectionID: "c1") }
        let requests = session.tick(now: .zero + .seconds(3), wallClock: 1_796_169_600_000_000)
        let acks = requests.compactMap { request -> [String]? in
            if case let .bulkAck(ids, "c1") = request.purpose { return ids }
            return nil
        }
        guard acks == (delivered.isEmpty ? [] : [delivered]) else {
            throw FuzzViolation("bulk acks \(acks) for delivered \(delivered)")
        }
        guard let ack = requests.first(where: { if case .bulkAck = $0.purpose { true } else { false } }) else { return }
        guard let sentBody = ack.request.body, (try? JSONValue.parse(sentBody)) != nil else {
            throw FuzzViolation("bulk ack body is not JSON")
        }
        let status = [200, 202, 404, 500, 400][Int(reply.first ?? 0) % 5]
        let outcome = session.handleReply(to: ack, .response(status: status, body: reply))
        let pending = session.pendingAcks.map(\.batchID)
        switch status {
        case 404:
            guard outcome == .serviceError("connection-not-found", recoverable: true), pending.isEmpty else {
                throw FuzzViolation("404 reply gives \(String(describing: outcome)), pending \(pending)")
            }
        case 200, 202:
            guard outcome == nil, pending.allSatisfy(delivered.contains) else {
                throw FuzzViolation("2xx reply re-queues \(pending) of \(delivered)")
            }
            if case let .array(items)? = (try? JSONValue.parse(reply))?["failed_batch_ids"] {
                let listed = items.compactMap { if case let .string(id) = $0 { id } else { nil } }
                guard pending.allSatisfy(listed.contains) else { throw FuzzViolation("re-queued \(pending) not listed") }
            } else if !pending.isEmpty {
                throw FuzzViolation("re-queued \(pending) with no failed_batch_ids")
            }
        default:
            guard outcome == nil, pending == delivered else {
                throw FuzzViolation("\(status) reply re-queues \(pending) of \(delivered)")
            }
        }
        if let status = EventStreamerSession.processingStatus(from: reply), status.subscriptionID.isEmpty {
            throw FuzzViolation("processing status with an empty subscription ID")
        }
    }
}
