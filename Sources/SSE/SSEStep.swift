/// What one parsing step found: nothing more for now (input exhausted or failed), an event to take, or a retry.
@usableFromInline enum SSEStep {
    case more
    case event
    case retry(Int)
}
