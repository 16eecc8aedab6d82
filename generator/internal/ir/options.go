package ir

import "github.com/atriumgen/atriumgen/generator/internal/diag"

// Naming overrides the names the model would choose. Keys name spec
// things; values are Go identifiers. It comes from the config file's
// naming section (see the README, "Config file").
type Naming struct {
	// GroupBy chooses services: "tags" (the default) groups operations by
	// their first tag and tagless ones by resource (the first path segment
	// after any version prefix); "resources" ignores tags; "tags-only"
	// puts tagless operations on one Default service (as before resource
	// grouping).
	GroupBy string `flag:"group-by" usage:"services: tags (by first tag; tagless operations by resource), resources (by resource only) or tags-only (tagless operations on one Default service)"`
	// Services: tag or resource name → Client field name of the service.
	Services map[string]string `yaml:"services" usage:"tag or resource → service (Client field) name, e.g. {payment_intents: Payments}"`
	// Operations: operationId or "METHOD /path" → method name, or
	// "Service.Method" to move the operation into another service.
	Operations map[string]string `yaml:"operations" usage:"operationId or \"METHOD /path\" → method name, or Service.Method to move it, e.g. {\"GET /v1/balance\": Balance.Get}"`
	// Types: component schema name (or the Go name it would get) → Go type name.
	Types map[string]string `yaml:"types" usage:"schema name → Go type name, e.g. {customer: Customer}"`
	// Fields: "Schema.property" (schema name or its Go type name, property
	// wire name) → Go field name.
	Fields map[string]string `yaml:"fields" usage:"Schema.property → Go field name, e.g. {Customer.tax_exempt: TaxExemption}"`
}

// PagingStyle names how a list pages.
type PagingStyle string

// Paging styles. The empty style is x-pagination's page-number walk with a
// pagination object in the body.
const (
	PageMeta PagingStyle = ""
	// PageCursor: the body says whether more items follow (HasMore) and the
	// next request passes the last item's CursorFrom field (or the body's
	// NextCursor field) as the Cursor parameter (Stripe's has_more +
	// starting_after).
	PageCursor PagingStyle = "cursor"
	// PageLink: the next page is the URL of the response's Link header with
	// rel="next" (RFC 8288; GitHub).
	PageLink PagingStyle = "link"
	// PageNumber: the Page parameter counts pages from 1; the list ends at
	// an empty page or one shorter than the Limit parameter asked for.
	PageNumber PagingStyle = "page"
	// PageOffset: the Offset parameter counts items from 0 and grows by the
	// items read; the list ends as for PageNumber.
	PageOffset PagingStyle = "offset"
)

// PagingRule says how the operations it matches page, without a spec
// change. Config rules and x-pagination extensions (which an overlay can
// add) are both read into it; names are wire names of parameters and
// response fields.
type PagingRule struct {
	// Operations the rule applies to: operationIds or "METHOD /path"
	// patterns where * matches any run of characters ("GET /v1/*"). An
	// operation a pattern matches but whose shape does not fit the rule is
	// left alone; one named exactly is an error.
	Operations []string    `yaml:"operations"`
	Style      PagingStyle `yaml:"style"`
	// Items is the response field holding the page's items; empty when the
	// response body is the array itself.
	Items string `yaml:"items"`
	// HasMore (cursor) is the boolean response field saying more follow.
	HasMore string `yaml:"has-more"`
	// Cursor (cursor) is the query parameter taking the next cursor.
	Cursor string `yaml:"cursor"`
	// CursorFrom (cursor) is the item field whose value, on the last item,
	// is the next cursor; NextCursor is instead a response field holding it.
	CursorFrom string `yaml:"cursor-from"`
	NextCursor string `yaml:"next-cursor"`
	// Page (page) is the page-number query parameter; Offset (offset) the
	// item-offset one; Limit the page-size one (optional).
	Page   string `yaml:"page"`
	Offset string `yaml:"offset"`
	Limit  string `yaml:"limit"`

	// Pos is where the rule was declared (the config file), for messages.
	Pos diag.Pos `yaml:"-"`
}
