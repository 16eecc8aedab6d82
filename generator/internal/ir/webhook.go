package ir

import (
	"strings"

	"github.com/atriumgen/atriumgen/generator/internal/diag"
	"github.com/atriumgen/atriumgen/generator/internal/names"
)

// webhooks models the document's webhooks as operations (API.Webhooks),
// built by the same code as the paths' operations. A webhook has no path:
// its operations get Path "/" + key, the route the server's webhook
// handler serves them at, and Go names from the key (plus the method when
// the webhook has several): newPet → NewPet. Server names are kept clear
// of the operations' ones (NewPetWebhook on a clash).
//
// A webhook the generator cannot express is left out with a warning even
// without SkipUnsupported: the client never needed it, so it must not cost
// the document its client.
func (b *builder) webhooks() {
	if len(b.t.Webhooks) == 0 {
		return
	}
	skip, skipped := b.opts.SkipUnsupported, len(b.api.Skipped)
	b.opts.SkipUnsupported = true
	defer func() { b.opts.SkipUnsupported, b.api.Skipped = skip, b.api.Skipped[:skipped] }()
	b.diags.Warnf(diag.Pos{}, "/webhooks", "webhooks are requests the API sends, not calls a client makes: %s left out of the client (a server package receives them: Webhooks, NewWebhookHandler)", quoteList(sortedKeys(b.t.Webhooks)))
	taken := names.NewUnique()
	for _, svc := range b.api.Services {
		for _, o := range svc.Operations {
			taken.Take(o.ServerNameOrName())
		}
	}
	for _, key := range sortedKeys(b.t.Webhooks) {
		item := b.t.Webhooks[key]
		pointer := diag.Pointer("webhooks", key)
		if item == nil {
			continue
		}
		if key == "" || strings.ContainsAny(key, "/{}?#% \t\r\n") {
			b.diags.Warnf(b.doc.Pos(item.Origin), pointer, "webhook %q: its name cannot be a route segment (no /, {, }, ?, #, %% or space); left out", key)
			continue
		}
		var ms []string
		for _, m := range pathMethods(item) {
			if item.GetOperation(m) != nil {
				ms = append(ms, m)
			}
		}
		for _, m := range ms {
			op := item.GetOperation(m)
			base := names.Exported(key, "Webhook")
			if len(ms) > 1 {
				base += names.Pascal(strings.ToLower(m))
			}
			b.webhook = key
			ops := b.operation("/"+key, m, item, op)
			b.webhook = ""
			for _, o := range ops {
				o.method, o.typeBase, o.moveTo, o.altNames = "", "", "", nil
				o.Name = base
				if o.variant {
					o.Name = base + "With" + bodySuffix(o.Body)
				}
				name := o.Name
				if taken.Has(name) {
					name += "Webhook"
				}
				if name = taken.Take(name); name != o.Name {
					o.ServerName = name
				}
				if o.Params != nil {
					o.Params.TypeName = b.typeNames.Take(name + "WebhookParams")
				}
				b.api.Webhooks = append(b.api.Webhooks, o)
			}
		}
	}
}

// ServerNameOrName is the operation's name in the server package.
func (o *Operation) ServerNameOrName() string {
	if o.ServerName != "" {
		return o.ServerName
	}
	return o.Name
}
