package ir

// ByValue reports whether a JSON result is returned as its Go value rather
// than a pointer: arrays and maps ([]T, map[string]T), which are nil
// already when there is no body.
func (r *Result) ByValue() bool {
	return r != nil && r.Kind == "json" && r.Type != nil && (r.Type.Kind == Slice || r.Type.Kind == Map)
}
