// Package sdktests holds hand-written tests of the generated Atrium SDK
// (package github.com/atriumgen/atriumgen/generated/atrium).
//
// The tests talk to the SDK only through its public API and check what goes
// over the wire against httptest servers: the method, escaped path, query,
// headers and body of every one of the 48 operations listed in
// spec/facts/operations.tsv, and how responses (success, error, malformed,
// streamed) come back to the caller. They are black-box tests: they do not
// depend on how the generator lays out its code, only on the SDK's public
// shape, so they survive regenerating generated/atrium.
package sdktests
