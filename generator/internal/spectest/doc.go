// Package spectest checks spec/atrium.yaml against the Atrium reference facts
// (spec/facts/operations.tsv and spec/facts/models.tsv). It holds only tests.
package spectest
