package sandbox

import (
	"bytes"
	"cmp"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/atriumgen/atriumgen/generated/atrium"
	"github.com/oapi-codegen/runtime/types"
)

// memberData is what aggregation-type jobs bring in for a member.
type memberData struct {
	accounts       []atrium.Account
	transactions   []atrium.Transaction // by date, then GUID
	holdings       []atrium.Holding
	statements     []atrium.Statement
	accountNumbers []atrium.AccountNumber
	owners         []atrium.AccountOwner
	batches        map[string]bool // transaction batches added
}

// History generated for a member: the ordinary aggregation covers
// HistoryDays back and a few pending days ahead; ExtendHistory reaches
// ExtendedHistoryDays back.
const (
	HistoryDays         = 120
	ExtendedHistoryDays = 730
)

// rng is the member's deterministic random source for a purpose.
func (m *member) rng(purpose string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(*m.m.GUID + "\x00" + purpose))
	return rand.New(rand.NewPCG(m.s.cfg.Seed, h.Sum64()))
}

func money(r *rand.Rand, lo, hi float64) float64 {
	return math.Round((lo+r.Float64()*(hi-lo))*100) / 100
}

func day(t time.Time) time.Time { return t.UTC().Truncate(24 * time.Hour) }

type accountTemplate struct {
	name, typ, subtype string
	lo, hi             float64
}

var accountTemplates = []accountTemplate{
	{"Checking", "CHECKING", "NONE", 500, 6000},
	{"Savings", "SAVINGS", "NONE", 1000, 25000},
	{"Credit Card", "CREDIT_CARD", "NONE", 100, 3000},
	{"Brokerage", "INVESTMENT", "NONE", 5000, 90000},
}

func (m *member) ensureAccounts(at time.Time) {
	if len(m.data.accounts) > 0 {
		return
	}
	r := m.rng("accounts")
	for i, t := range accountTemplates {
		g := m.s.guid("ACT", *m.m.GUID, fmt.Sprint(i))
		a := atrium.Account{
			GUID: &g, MemberGUID: m.m.GUID, UserGUID: m.m.UserGUID, InstitutionCode: atrium.Ptr(m.inst.code),
			Name: atrium.Ptr(m.inst.name + " " + t.name), Type: atrium.Ptr(t.typ), Subtype: atrium.Ptr(t.subtype),
			AccountNumber: atrium.Ptr(fmt.Sprintf("****%04d", r.IntN(10000))), CurrencyCode: atrium.Ptr("USD"),
			Balance: atrium.Ptr(money(r, t.lo, t.hi)), IsClosed: atrium.Ptr(false),
			CreatedAt: atrium.Ptr(at), UpdatedAt: atrium.Ptr(at),
			StartedOn: &types.Date{Time: day(at).AddDate(-1-r.IntN(8), -r.IntN(12), 0)},
		}
		switch t.typ {
		case "CHECKING", "SAVINGS":
			a.AvailableBalance = atrium.Ptr(*a.Balance)
			a.Apy = atrium.Ptr(money(r, 0.01, 4.5))
		case "CREDIT_CARD":
			a.CreditLimit = atrium.Ptr(5000.0)
			a.AvailableCredit = atrium.Ptr(math.Round((5000-*a.Balance)*100) / 100)
			a.Apr = atrium.Ptr(money(r, 12, 29))
			a.MinimumPayment = atrium.Ptr(35.0)
			a.DayPaymentIsDue = atrium.Ptr(int32(1 + r.IntN(28)))
		case "INVESTMENT":
			a.CashBalance = atrium.Ptr(money(r, 100, 2000))
		}
		m.data.accounts = append(m.data.accounts, a)
		if t.typ == "INVESTMENT" {
			m.addHoldings(r, a, at)
		}
	}
}

var securities = []struct{ symbol, desc, typ, cusip string }{
	{"VTI", "Vanguard Total Stock Market ETF", "EXCHANGE_TRADED_FUND", "922908769"},
	{"AAPL", "Apple Inc.", "EQUITY", "037833100"},
	{"VBTLX", "Vanguard Total Bond Market Index Fund", "MUTUAL_FUND", "921937603"},
	{"T 2.5 05/31/30", "US Treasury Note 2.5% 2030", "BOND", "91282CAV3"},
}

func (m *member) addHoldings(r *rand.Rand, a atrium.Account, at time.Time) {
	var total float64
	for i, sec := range securities {
		shares := float64(1 + r.IntN(200))
		price := money(r, 20, 400)
		value := math.Round(shares*price*100) / 100
		cost := math.Round(value*(0.7+0.5*r.Float64())*100) / 100
		total += value
		m.data.holdings = append(m.data.holdings, atrium.Holding{
			GUID: atrium.Ptr(m.s.guid("HOL", *a.GUID, fmt.Sprint(i))), AccountGUID: a.GUID, MemberGUID: a.MemberGUID, UserGUID: a.UserGUID,
			Symbol: atrium.Ptr(sec.symbol), Description: atrium.Ptr(sec.desc), HoldingType: atrium.Ptr(sec.typ), Cusip: atrium.Ptr(sec.cusip),
			Shares: &shares, PurchasePrice: atrium.Ptr(math.Round(cost/shares*100) / 100), MarketValue: &value, CostBasis: &cost,
			DailyChange: atrium.Ptr(money(r, -50, 50)), CurrencyCode: atrium.Ptr("USD"), CreatedAt: atrium.Ptr(at), UpdatedAt: atrium.Ptr(at),
		})
	}
	total = math.Round(total*100) / 100
	last := &m.data.accounts[len(m.data.accounts)-1]
	last.HoldingsValue = &total
	last.TotalAccountValue = atrium.Ptr(math.Round((total+*last.CashBalance)*100) / 100)
	last.Balance = last.TotalAccountValue
}

// completeJob records what a finished job brought in.
func (m *member) completeJob(at time.Time) {
	m.ensureAccounts(at)
	switch m.job.kind {
	case JobAggregate:
		m.addTransactions(at, 0, HistoryDays, "recent")
	case JobExtendHistory:
		m.addTransactions(at, 0, HistoryDays, "recent")
		m.addTransactions(at, HistoryDays+1, ExtendedHistoryDays, "extended")
	case JobBalance:
		r := m.rng("balance" + at.String())
		for i := range m.data.accounts {
			a := &m.data.accounts[i]
			if *a.Type != "INVESTMENT" {
				a.Balance = atrium.Ptr(math.Round((*a.Balance+money(r, -50, 50))*100) / 100)
				if a.AvailableBalance != nil {
					a.AvailableBalance = atrium.Ptr(*a.Balance)
				}
			}
			a.UpdatedAt = atrium.Ptr(at)
		}
	case JobIdentify:
		m.data.owners = nil
		for _, a := range m.data.accounts {
			m.data.owners = append(m.data.owners, atrium.AccountOwner{
				GUID: atrium.Ptr(m.s.guid("ACO", *a.GUID)), AccountGUID: a.GUID, MemberGUID: a.MemberGUID, UserGUID: a.UserGUID,
				OwnerName: atrium.Ptr("Jane Q. Tester"), Email: atrium.Ptr("jane.tester@example.com"),
				Address: atrium.Ptr("123 Sandbox Way"), City: atrium.Ptr("Lehi"), State: atrium.Ptr("UT"),
				PostalCode: atrium.Ptr("84043"), Country: atrium.Ptr("US"),
			})
		}
	case JobVerify:
		r := m.rng("verify")
		m.data.accountNumbers = nil
		for _, a := range m.data.accounts {
			if t := *a.Type; t != "CHECKING" && t != "SAVINGS" {
				continue
			}
			m.data.accountNumbers = append(m.data.accountNumbers, atrium.AccountNumber{
				AccountGUID: a.GUID, MemberGUID: a.MemberGUID, UserGUID: a.UserGUID,
				AccountNumber: atrium.Ptr(fmt.Sprintf("%010d", r.Int64N(1e10))), RoutingNumber: atrium.Ptr("091000019"),
			})
		}
	case JobFetchStatements:
		if len(m.data.statements) == 0 {
			for _, a := range m.data.accounts {
				for k := 1; k <= 3; k++ {
					g := m.s.guid("STA", *a.GUID, fmt.Sprint(k))
					created := day(at).AddDate(0, -k, 0)
					m.data.statements = append(m.data.statements, atrium.Statement{
						GUID: &g, AccountGUID: a.GUID, MemberGUID: a.MemberGUID, UserGUID: a.UserGUID,
						ContentHash: atrium.Ptr(fmt.Sprintf("%x", fnv64(g))), CreatedAt: &created, UpdatedAt: &created,
						URI: atrium.Ptr(fmt.Sprintf("/users/%s/members/%s/statements/%s.pdf", *a.UserGUID, *a.MemberGUID, g)),
					})
				}
			}
		}
	}
}

func fnv64(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// addTransactions adds transactions dated fromDays..toDays before at (and,
// for the recent batch, a few pending ones up to 3 days ahead), once per
// batch.
func (m *member) addTransactions(at time.Time, fromDays, toDays int, batch string) {
	if m.data.batches[batch] {
		return
	}
	if m.data.batches == nil {
		m.data.batches = map[string]bool{}
	}
	m.data.batches[batch] = true
	today := day(at)
	for _, a := range m.data.accounts {
		if *a.Type == "INVESTMENT" {
			continue
		}
		r := m.rng("tx/" + batch + "/" + *a.GUID)
		n := (toDays - fromDays) / 4
		for i := 0; i < n+2; i++ {
			d := -(fromDays + r.IntN(toDays-fromDays+1))
			status := "POSTED"
			if batch == "recent" && i >= n {
				d, status = 1+r.IntN(3), "PENDING"
			}
			date := today.AddDate(0, 0, d)
			mc := m.s.merchants[r.IntN(len(m.s.merchants))]
			typ, amount := "DEBIT", money(r, 3, 180)
			desc, cat, top := *mc.m.Name, mc.category, mc.top
			var mguid *string = mc.m.GUID
			if *a.Type == "CHECKING" && r.IntN(8) == 0 {
				typ, amount, desc, cat, top, mguid = "CREDIT", money(r, 1200, 3200), "Payroll Direct Deposit", "Paycheck", "Income", nil
			}
			if *a.Type == "SAVINGS" {
				typ, amount, desc, cat, top, mguid = "CREDIT", money(r, 0.5, 30), "Interest Payment", "Interest Income", "Income", nil
			}
			g := m.s.guid("TRN", *a.GUID, batch, fmt.Sprint(i))
			posted := date.Add(time.Duration(9+r.IntN(10)) * time.Hour)
			tx := atrium.Transaction{
				GUID: &g, AccountGUID: a.GUID, MemberGUID: a.MemberGUID, UserGUID: a.UserGUID,
				Amount: &amount, Type: atrium.Ptr(typ), Status: atrium.Ptr(status), CurrencyCode: atrium.Ptr("USD"),
				Description: atrium.Ptr(desc), OriginalDescription: atrium.Ptr(strings.ToUpper(desc) + fmt.Sprintf(" #%04d", r.IntN(10000))),
				Category: atrium.Ptr(cat), TopLevelCategory: atrium.Ptr(top), MerchantGUID: mguid,
				Date: &types.Date{Time: date}, TransactedAt: atrium.Ptr(posted), PostedAt: atrium.Ptr(posted),
				CreatedAt: atrium.Ptr(at), UpdatedAt: atrium.Ptr(at),
				IsExpense: atrium.Ptr(typ == "DEBIT"), IsIncome: atrium.Ptr(typ == "CREDIT"),
				IsDirectDeposit: atrium.Ptr(cat == "Paycheck"), IsBillPay: atrium.Ptr(top == "Bills & Utilities"),
				IsSubscription: atrium.Ptr(cat == "Streaming Services"), IsFee: atrium.Ptr(false), IsOverdraftFee: atrium.Ptr(false),
				IsInternational: atrium.Ptr(false), IsPayrollAdvance: atrium.Ptr(false),
			}
			if mc.mcc != 0 && mguid != nil {
				tx.MerchantCategoryCode = atrium.Ptr(mc.mcc)
			}
			m.data.transactions = append(m.data.transactions, tx)
		}
	}
	slices.SortFunc(m.data.transactions, func(a, b atrium.Transaction) int {
		return cmp.Or(a.Date.Time.Compare(b.Date.Time), cmp.Compare(*a.GUID, *b.GUID))
	})
}

// ---- merchants ----

type merchant struct {
	m          atrium.Merchant
	locations  []atrium.MerchantLocation
	category   string
	top        string
	mcc        int32
	keywords   []string
	websiteURL string
}

func merchants(s *Store) []merchant {
	defs := []struct {
		name, category, top string
		mcc                 int32
	}{
		{"Corner Grocery", "Groceries", "Food & Dining", 5411},
		{"Bean There Coffee", "Coffee Shops", "Food & Dining", 5814},
		{"Pizza Planet", "Restaurants", "Food & Dining", 5812},
		{"Fuel Stop", "Gas & Fuel", "Auto & Transport", 5541},
		{"City Transit", "Public Transportation", "Auto & Transport", 4111},
		{"Streamflix", "Streaming Services", "Entertainment", 4899},
		{"Page Turner Books", "Books", "Shopping", 5942},
		{"MegaMart", "General Merchandise", "Shopping", 5311},
		{"Power & Light Co", "Utilities", "Bills & Utilities", 4900},
		{"Mobile Wireless", "Mobile Phone", "Bills & Utilities", 4814},
		{"Healthy Pharmacy", "Pharmacy", "Health & Fitness", 5912},
		{"Iron Gym", "Gym", "Health & Fitness", 7997},
	}
	created := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
	var out []merchant
	for i, d := range defs {
		g := s.guid("MCH", d.name)
		slug := strings.ToLower(strings.NewReplacer(" ", "", "&", "", "'", "").Replace(d.name))
		mc := merchant{
			m: atrium.Merchant{
				GUID: &g, Name: atrium.Ptr(d.name), CreatedAt: &created, UpdatedAt: &created,
				WebsiteURL: atrium.Ptr("https://www." + slug + ".example"),
				LogoURL:    atrium.Ptr("https://content.sandbox.invalid/merchants/" + slug + ".png"),
			},
			category: d.category, top: d.top, mcc: d.mcc,
			keywords: []string{strings.ToLower(d.name), slug},
		}
		for k := 0; k < 2; k++ {
			mc.locations = append(mc.locations, atrium.MerchantLocation{
				GUID: atrium.Ptr(s.guid("MCL", g, fmt.Sprint(k))), MerchantGUID: &g,
				City: atrium.Ptr([]string{"Lehi", "Provo"}[k]), State: atrium.Ptr("UT"), PostalCode: atrium.Ptr([]string{"84043", "84601"}[k]),
				StreetAddress: atrium.Ptr(fmt.Sprintf("%d Main St", 100+10*i+k)), PhoneNumber: atrium.Ptr(fmt.Sprintf("801-555-%04d", 100*i+k)),
				StoreNumber: atrium.Ptr(fmt.Sprintf("%03d", k+1)),
				Latitude:    atrium.Ptr([]float64{40.3916, 40.2338}[k]), Longitude: atrium.Ptr([]float64{-111.8508, -111.6585}[k]),
			})
		}
		out = append(out, mc)
	}
	slices.SortFunc(out, func(a, b merchant) int { return cmp.Compare(*a.m.Name, *b.m.Name) })
	return out
}

func (s *Store) merchant(guid string) (merchant, error) {
	for _, m := range s.merchants {
		if *m.m.GUID == guid {
			return m, nil
		}
	}
	return merchant{}, errorf(404, "merchant %q not found", guid)
}

// ListMerchants lists merchants by name.
func (s *Store) ListMerchants(p Page) ([]atrium.Merchant, atrium.Pagination, error) {
	var all []atrium.Merchant
	for _, m := range s.merchants {
		all = append(all, m.m)
	}
	return paginate(all, p)
}

// ReadMerchant reads a merchant.
func (s *Store) ReadMerchant(guid string) (atrium.Merchant, error) {
	m, err := s.merchant(guid)
	return m.m, err
}

// ListMerchantLocations lists a merchant's locations.
func (s *Store) ListMerchantLocations(merchantGUID string, p Page) ([]atrium.MerchantLocation, atrium.Pagination, error) {
	m, err := s.merchant(merchantGUID)
	if err != nil {
		return nil, atrium.Pagination{}, err
	}
	return paginate(m.locations, p)
}

// ReadMerchantLocation reads one location of a merchant.
func (s *Store) ReadMerchantLocation(merchantGUID, locationGUID string) (atrium.MerchantLocation, error) {
	m, err := s.merchant(merchantGUID)
	if err != nil {
		return atrium.MerchantLocation{}, err
	}
	for _, l := range m.locations {
		if *l.GUID == locationGUID {
			return l, nil
		}
	}
	return atrium.MerchantLocation{}, errorf(404, "merchant location %q not found for merchant %q", locationGUID, merchantGUID)
}

// CleanseAndCategorize matches raw descriptions to merchants and keywords.
func (s *Store) CleanseAndCategorize(in []atrium.TransactionCleanseAndCategorizeRequest) []atrium.TransactionCleanseAndCategorizeResponse {
	out := make([]atrium.TransactionCleanseAndCategorizeResponse, 0, len(in))
	for _, t := range in {
		low := strings.ToLower(t.Description)
		typ := ptrOr(t.Type, "DEBIT")
		r := atrium.TransactionCleanseAndCategorizeResponse{
			Identifier: atrium.Ptr(t.Identifier), Amount: t.Amount, OriginalDescription: atrium.Ptr(t.Description),
			Type: atrium.Ptr(typ), MerchantCategoryCode: t.MerchantCategoryCode,
			Description: atrium.Ptr(cleanDescription(t.Description)), Category: atrium.Ptr("Uncategorized"),
		}
		flag := func(words ...string) *bool {
			for _, w := range words {
				if strings.Contains(low, w) {
					return atrium.Ptr(true)
				}
			}
			return atrium.Ptr(false)
		}
		for _, m := range s.merchants {
			if slices.ContainsFunc(m.keywords, func(k string) bool { return strings.Contains(low, k) }) {
				r.Description, r.Category, r.MerchantGUID = m.m.Name, atrium.Ptr(m.category), m.m.GUID
				r.MerchantCategoryCode = atrium.Ptr(float64(m.mcc))
				break
			}
		}
		r.IsFee = flag("fee")
		r.IsOverdraftFee = flag("overdraft")
		r.IsDirectDeposit = flag("direct dep", "payroll")
		r.IsBillPay = flag("bill pay", "billpay")
		r.IsInternational = flag("intl", "international", "foreign")
		r.IsPayrollAdvance = flag("payroll advance")
		r.IsSubscription = flag("subscription", "netflix", "spotify")
		r.IsIncome = atrium.Ptr(typ == "CREDIT")
		r.IsExpense = atrium.Ptr(typ == "DEBIT")
		switch {
		case *r.IsOverdraftFee || *r.IsFee:
			r.Category = atrium.Ptr("Bank Fee")
		case *r.IsDirectDeposit:
			r.Category = atrium.Ptr("Paycheck")
		}
		out = append(out, r)
	}
	return out
}

// cleanDescription drops digits, '#' and '*' runs and title-cases the words.
func cleanDescription(s string) string {
	var words []string
	for _, w := range strings.Fields(s) {
		w = strings.Trim(w, "#*0123456789")
		if w == "" || strings.ContainsAny(w, "0123456789") {
			continue
		}
		words = append(words, strings.ToUpper(w[:1])+strings.ToLower(w[1:]))
	}
	return strings.Join(words, " ")
}

// statementPDF renders a small, valid one-page PDF for a statement.
func statementPDF(st atrium.Statement, account string) []byte {
	text := fmt.Sprintf("Statement %s for %s, %s", *st.GUID, account, st.CreatedAt.Format("January 2006"))
	text = strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`).Replace(text)
	stream := fmt.Sprintf("BT /F1 12 Tf 72 720 Td (%s) Tj ET", text)
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(stream), stream),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}
