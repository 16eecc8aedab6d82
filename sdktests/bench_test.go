package sdktests

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/atriumgen/atriumgen/generated/atrium"
	"github.com/oapi-codegen/runtime/types"
)

// The benchmarks compare the generated client with a hand-written
// net/http + encoding/json baseline making the same request to the same
// httptest server and decoding into the same model types, so the
// difference is the generated code and its runtime: request building,
// parameter styling, error checks, retries, body handling.
//
// `make bench` runs TestBenchRatios (BENCH_RATIOS=1), which runs each pair
// interleaved several times and prints the ratios.

const (
	benchUser   = "USR-fbf5e2e5-4e1f-4ba2-9d5e-1b2c3d4e5f60"
	benchMember = "MBR-7c6f361b-e582-15b6-60c0-358f12466b4b"
	benchPage   = 1000
)

var benchMemberJSON = `{"member":{"aggregated_at":"2016-10-13T18:07:57Z","connection_status":"CONNECTED",` +
	`"guid":"` + benchMember + `","identifier":"unique_id","institution_code":"chase","is_being_aggregated":false,` +
	`"is_oauth":false,"metadata":"{\"credentials_last_refreshed_at\": \"2015-10-15\"}","name":"Chase Bank",` +
	`"status":"COMPLETED","successfully_aggregated_at":"2016-10-13T17:57:38Z","user_guid":"` + benchUser + `"}}`

// benchTransactionsJSON is a page of n realistic transactions.
func benchTransactionsJSON(n int) []byte {
	at := time.Date(2016, 10, 6, 13, 0, 0, 0, time.UTC)
	d := types.Date{Time: at}
	page := atrium.TransactionsResponseBody{Pagination: &atrium.Pagination{
		CurrentPage: p32(1), PerPage: p32(int32(n)), TotalEntries: p32(int32(n)), TotalPages: p32(1)}}
	for i := range n {
		page.Transactions = append(page.Transactions, atrium.Transaction{
			AccountGUID: atrium.Ptr("ACT-06d7f44b-caae-0f6e-1384-01f52e75dcb1"), Amount: atrium.Ptr(61.11 + float64(i)),
			Category: atrium.Ptr("Groceries"), CheckNumberString: atrium.Ptr("6812"), CreatedAt: &at,
			CurrencyCode: atrium.Ptr("USD"), Date: &d, Description: atrium.Ptr("Whole Foods"),
			GUID: atrium.Ptr(fmt.Sprintf("TRN-265abee9-889b-af6a-c69b-25157db2%04d", i)), IsBillPay: atrium.Ptr(false),
			IsDirectDeposit: atrium.Ptr(false), IsExpense: atrium.Ptr(true), IsFee: atrium.Ptr(false),
			IsIncome: atrium.Ptr(false), IsInternational: atrium.Ptr(false), IsOverdraftFee: atrium.Ptr(false),
			IsPayrollAdvance: atrium.Ptr(false), Latitude: atrium.Ptr(-43.2075), Longitude: atrium.Ptr(139.691706),
			MemberGUID: atrium.Ptr(benchMember), Memo: atrium.Ptr("Additional-information*on_transaction"),
			MerchantCategoryCode: p32(5411), MerchantGUID: atrium.Ptr("MCH-7ed79542-884d-2b1b-dd74-501c5cc9d25b"),
			OriginalDescription: atrium.Ptr("WHOLEFDS TSQ 102"), PostedAt: &at, Status: atrium.Ptr("POSTED"),
			TopLevelCategory: atrium.Ptr("Food & Dining"), TransactedAt: &at, Type: atrium.Ptr("DEBIT"),
			UpdatedAt: &at, UserGUID: atrium.Ptr(benchUser),
		})
	}
	b, err := json.Marshal(page)
	if err != nil {
		panic(err)
	}
	return b
}

// benchServer serves the member and the transactions page.
func benchServer(tb testing.TB) *httptest.Server {
	member := []byte(benchMemberJSON)
	txns := benchTransactionsJSON(benchPage)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", jsonAccept)
		switch r.URL.Path {
		case "/users/" + benchUser + "/members/" + benchMember:
			w.Write(member)
		case "/users/" + benchUser + "/transactions":
			w.Write(txns)
		default:
			w.WriteHeader(404)
		}
	}))
	tb.Cleanup(srv.Close)
	return srv
}

// baseline is the hand-written client: what a careful programmer writes
// with net/http and encoding/json for one call.
type baseline struct {
	hc                     *http.Client
	base, apiKey, clientID string
}

func (b *baseline) get(ctx context.Context, path string, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, b.base+path, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", jsonAccept)
	req.Header.Set("User-Agent", "atrium-go")
	req.Header.Set("MX-API-Key", b.apiKey)
	req.Header.Set("MX-Client-ID", b.clientID)
	resp, err := b.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		io.Copy(io.Discard, resp.Body)
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	return err
}

// benchPair is one call made by the generated client and by the baseline.
type benchPair struct {
	name                string
	generated, baseline func() error
}

// loop benchmarks one side of a pair.
func loop(call func() error) func(b *testing.B) {
	return func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := call(); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func benchPairs(tb testing.TB) []benchPair {
	srv := benchServer(tb)
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}, Timeout: time.Minute}
	tb.Cleanup(hc.CloseIdleConnections)
	client := atrium.NewClient(testAPIKey, testClientID, atrium.WithBaseURL(srv.URL), atrium.WithHTTPClient(hc))
	bl := &baseline{hc: hc, base: srv.URL, apiKey: testAPIKey, clientID: testClientID}
	ctx := context.Background()
	params := &atrium.ListUserTransactionsParams{Page: p32(1), RecordsPerPage: p32(benchPage)}
	txnPath := fmt.Sprintf("/users/%s/transactions?page=1&records_per_page=%d", benchUser, benchPage)
	return []benchPair{
		{"ReadMember",
			func() error {
				m, _, err := client.Members.ReadMember(ctx, benchUser, benchMember)
				if err == nil && m.Member == nil {
					err = errors.New("no member")
				}
				return err
			},
			func() error {
				var m atrium.MemberResponseBody
				err := bl.get(ctx, "/users/"+benchUser+"/members/"+benchMember, &m)
				if err == nil && m.Member == nil {
					err = errors.New("no member")
				}
				return err
			}},
		{"TransactionsPage1000",
			func() error {
				t, _, err := client.Transactions.ListUserTransactions(ctx, benchUser, params)
				if err == nil && len(t.Transactions) != benchPage {
					err = fmt.Errorf("%d transactions", len(t.Transactions))
				}
				return err
			},
			func() error {
				var t atrium.TransactionsResponseBody
				err := bl.get(ctx, txnPath, &t)
				if err == nil && len(t.Transactions) != benchPage {
					err = fmt.Errorf("%d transactions", len(t.Transactions))
				}
				return err
			}},
	}
}

func BenchmarkReadMember(b *testing.B) {
	p := benchPairs(b)[0]
	b.Run("generated", loop(p.generated))
	b.Run("baseline", loop(p.baseline))
}

func BenchmarkTransactionsPage1000(b *testing.B) {
	p := benchPairs(b)[1]
	b.Run("generated", loop(p.generated))
	b.Run("baseline", loop(p.baseline))
}

// TestBenchRatios runs each benchmark pair interleaved (generated,
// baseline, generated, ...) and prints the median ns/op ratio and the
// extra allocations per call. It runs only with BENCH_RATIOS=1 (make
// bench): timings on a shared machine are not a pass/fail signal. The
// allocation budget is checked in every run by TestAllocBudget.
func TestBenchRatios(t *testing.T) {
	if os.Getenv("BENCH_RATIOS") == "" {
		t.Skip("set BENCH_RATIOS=1 (make bench) to measure")
	}
	const rounds = 5
	var out strings.Builder
	fmt.Fprintf(&out, "\n%-22s %12s %12s %8s %10s %10s %7s  %s\n", "benchmark", "generated", "baseline", "ratio", "gen allocs", "base allocs", "extra", "budget (≤1.15, ≤10)")
	for _, p := range benchPairs(t) {
		var gen, base []testing.BenchmarkResult
		for range rounds {
			gen = append(gen, testing.Benchmark(loop(p.generated)))
			base = append(base, testing.Benchmark(loop(p.baseline)))
		}
		g, bl := median(gen), median(base)
		ratio := float64(g.NsPerOp()) / float64(bl.NsPerOp())
		extra := g.AllocsPerOp() - bl.AllocsPerOp()
		verdict := "ok"
		if ratio > 1.15 || extra > 10 {
			verdict = "OVER"
		}
		fmt.Fprintf(&out, "%-22s %9d ns %9d ns %8.3f %10d %11d %7d  %s\n", p.name, g.NsPerOp(), bl.NsPerOp(), ratio, g.AllocsPerOp(), bl.AllocsPerOp(), extra, verdict)
	}
	fmt.Print(out.String())
}

func median(rs []testing.BenchmarkResult) testing.BenchmarkResult {
	sort.Slice(rs, func(i, j int) bool { return rs[i].NsPerOp() < rs[j].NsPerOp() })
	return rs[len(rs)/2]
}
